import { refuseLocalVerifierInLambda } from '../../lambdas/shared/auth';

describe('the local token verifier', () => {
  it('refuses to start inside AWS Lambda, and starts in local mode', () => {
    expect(() =>
      refuseLocalVerifierInLambda({
        AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
        AWS_LAMBDA_FUNCTION_NAME: 'fn',
      }),
    ).toThrow(/inside AWS Lambda/);
    expect(() =>
      refuseLocalVerifierInLambda({ AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json' }),
    ).not.toThrow();
    expect(() => refuseLocalVerifierInLambda({ AWS_LAMBDA_FUNCTION_NAME: 'fn' })).not.toThrow();
  });
});

import {
  AdminInitiateAuthCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { userPoolDefinition } from '../contract/identity';
import { Conflict } from '../shared/domain-errors';
import { errorName } from '../shared/store-support';

/** Cognito keeps usernames unique exactly; we make them unique case-insensitively by storing the lower-case form. */
export const poolUsername = (username: string): string => username.toLowerCase();

export class InvalidCredentialsError extends Error {}
export class SignInThrottledError extends Error {}

export interface Session {
  readonly accessToken: string;
  readonly expiresIn: number;
}

const BAD_CREDENTIALS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'InvalidPasswordException',
]);

/** The users of the stage's user pool (cognito-local in local mode), through its admin API. */
export class IdentityStore {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly clientId: string,
  ) {}

  /** Creates the user with a permanent password; a taken name (any case) is a Conflict. */
  async createUser(username: string, password: string): Promise<void> {
    const { userPoolId } = this;
    const Username = poolUsername(username);
    try {
      await this.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: userPoolDefinition.displayNameAttribute, Value: username }],
        }),
      );
    } catch (error) {
      if (errorName(error) === 'UsernameExistsException')
        throw new Conflict('That username is taken', 'USERNAME_TAKEN');
      throw error;
    }
    try {
      await this.cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username,
          Password: password,
          Permanent: true,
        }),
      );
    } catch (error) {
      // Without a password the account is unusable and would block the name forever.
      await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username }));
      throw error;
    }
  }

  async signIn(username: string, password: string): Promise<Session> {
    try {
      const answer = await this.cognito.send(
        // The admin flow: the app client allows no sign-in that skips this API (and its guard and WAF).
        new AdminInitiateAuthCommand({
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          UserPoolId: this.userPoolId,
          ClientId: this.clientId,
          AuthParameters: { USERNAME: poolUsername(username), PASSWORD: password },
        }),
      );
      const result = answer.AuthenticationResult;
      if (!result?.AccessToken) throw new InvalidCredentialsError();
      return {
        accessToken: result.AccessToken,
        expiresIn: result.ExpiresIn ?? userPoolDefinition.accessTokenValidityMinutes * 60,
      };
    } catch (error) {
      if (BAD_CREDENTIALS.has(errorName(error))) throw new InvalidCredentialsError();
      if (errorName(error) === 'TooManyRequestsException') throw new SignInThrottledError();
      throw error;
    }
  }

  /** The name as the user typed it at sign-up. */
  async displayName(username: string): Promise<string> {
    const user = await this.cognito.send(
      new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
    );
    return (
      user.UserAttributes?.find((a) => a.Name === userPoolDefinition.displayNameAttribute)?.Value ?? username
    );
  }
}

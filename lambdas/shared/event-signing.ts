import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * SigV4 for the AppSync Events HTTP endpoint (service `appsync`), which takes IAM-signed publishes.
 * Local mode checks publishes by signing the same request again with its own credentials, so one
 * signer serves both sides.
 */

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }

  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
}

function toBytes(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const eventSigner = (
  region: string,
  credentials: SigningCredentials | (() => Promise<SigningCredentials>),
): SignatureV4 => new SignatureV4({ service: 'appsync', region, credentials, sha256: NodeSha256 });

/**
 * The headers of a signed JSON POST to `url`. The host is signed but left out: fetch sets it itself,
 * to the same value.
 */
export async function signedPostHeaders(
  signer: SignatureV4,
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>> = { 'content-type': 'application/json' },
  signingDate?: Date,
): Promise<Record<string, string>> {
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: { ...headers, host: url.host },
      body,
    },
    signingDate ? { signingDate } : undefined,
  );
  return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
}

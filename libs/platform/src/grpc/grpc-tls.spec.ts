import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKitchenProto } from '@ftgo/contracts';
import { credentials, Server, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '../bootstrap/check-dependencies';
import { grpcServerCredentials } from './grpc-tls';

const dir = mkdtempSync(join(tmpdir(), 'grpc-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
const proto = loadKitchenProto().kitchen.v1.KitchenService;
let server: Server;
let address: string;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1: the server's and, as its own CA, the client's.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  server = new Server();
  server.addService(proto.service, { getTicket: (_call: unknown, done: (error: Partial<ServiceError>) => void) => done({ code: status.NOT_FOUND, details: 'no ticket' }) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpcServerCredentials({ GRPC_TLS_CERT_FILE: cert, GRPC_TLS_KEY_FILE: key }), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  address = `127.0.0.1:${port}`;
});

afterAll(() => {
  server?.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

function getTicket(channel: ReturnType<typeof credentials.createSsl>): Promise<ServiceError> {
  const client = new proto(address, channel);
  return new Promise((resolve) =>
    client.getTicket({ ticketId: 'x' }, { deadline: new Date(Date.now() + 5_000) }, (error: ServiceError | null) => {
      client.close();
      resolve(error!);
    }),
  );
}

describe('gRPC TLS (GRPC_TLS_CERT_FILE + GRPC_TLS_KEY_FILE)', () => {
  it('serves a client that trusts the certificate', async () => {
    expect((await getTicket(credentials.createSsl(readFileSync(cert)))).code).toBe(status.NOT_FOUND);
  });

  it('does not serve a plaintext client', async () => {
    expect((await getTicket(credentials.createInsecure())).code).toBe(status.UNAVAILABLE);
  });

  it('refuses to start with half a key pair, naming the missing variable', () => {
    expect(() => grpcServerCredentials({ GRPC_TLS_CERT_FILE: cert })).toThrow(StartupError);
    expect(() => grpcServerCredentials({ GRPC_TLS_CERT_FILE: cert })).toThrow(/GRPC_TLS_KEY_FILE is required/);
  });

  it('refuses to start with a file it cannot read, naming the variable', () => {
    expect(() => grpcServerCredentials({ GRPC_TLS_CERT_FILE: join(dir, 'missing.pem'), GRPC_TLS_KEY_FILE: key })).toThrow(/GRPC_TLS_CERT_FILE \(.*missing\.pem\)/);
  });
});

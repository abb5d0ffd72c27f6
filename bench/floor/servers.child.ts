/**
 * The server side of a request and of a call at their cheapest: a bare node:http server that
 * answers a JSON POST with 201 and a JSON body, and a grpc-js server that echoes its bytes. A
 * child process, so that the benchmark reads their CPU apart from its clients'.
 * Environment: BENCH_HTTP_PORT, BENCH_GRPC_PORT. Logs {"message":"listening"} when both listen.
 */
import { createServer } from 'node:http';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ECHO_SERVICE } from './echo-service';

async function main(): Promise<void> {
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ...body, state: 'APPROVAL_PENDING' }));
    });
  });
  await new Promise<void>((resolve) => http.listen(Number(process.env.BENCH_HTTP_PORT), '127.0.0.1', resolve));
  const grpc = new Server();
  grpc.addService(ECHO_SERVICE, { echo: (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => done(null, call.request) });
  await new Promise<void>((resolve, reject) =>
    grpc.bindAsync(`127.0.0.1:${process.env.BENCH_GRPC_PORT}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  process.stdout.write('{"message":"listening"}\n');
  process.once('SIGTERM', () => {
    grpc.forceShutdown();
    http.close(() => process.exit(0));
    http.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

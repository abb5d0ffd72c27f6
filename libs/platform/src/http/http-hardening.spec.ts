import 'reflect-metadata';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { hardenHttp } from './http-hardening';

@Controller()
class ThingsController {
  @Get('things')
  things() {
    return [{ id: 1 }];
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const TOKEN = 'a-token-of-thirty-two-characters';
let app: INestApplication | undefined;

async function appWith(config: { CORS_ORIGINS?: string[]; API_BEARER_TOKEN?: string } = {}) {
  app = await NestFactory.create(ThingsModule, { logger: false });
  hardenHttp(app, { CORS_ORIGINS: config.CORS_ORIGINS ?? [], API_BEARER_TOKEN: config.API_BEARER_TOKEN });
  await app.init();
  return request(app.getHttpServer());
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('hardenHttp', () => {
  it('sends the security headers and no X-Powered-By', async () => {
    const response = await (await appWith()).get('/things');
    expect(response.status).toBe(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers no CORS by default: a preflight gets no Access-Control-Allow-Origin', async () => {
    const response = await (await appWith()).options('/things').set('origin', 'https://shop.example').set('access-control-request-method', 'GET');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from a configured origin, and not from another', async () => {
    const api = await appWith({ CORS_ORIGINS: ['https://shop.example'] });
    const allowed = await api.options('/things').set('origin', 'https://shop.example').set('access-control-request-method', 'POST');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    const other = await api.get('/things').set('origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('with a bearer token configured, refuses a request without it or with another, and serves one with it', async () => {
    const api = await appWith({ API_BEARER_TOKEN: TOKEN });
    const missing = await api.get('/things');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect((await api.get('/things').set('authorization', `Bearer ${TOKEN.replace('a', 'b')}`)).status).toBe(401);
    expect((await api.get('/things').set('authorization', `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('with a bearer token configured, leaves the health probes open', async () => {
    expect((await (await appWith({ API_BEARER_TOKEN: TOKEN })).get('/health/live')).status).toBe(200);
  });
});

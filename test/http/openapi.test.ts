import request from 'supertest';
import { ERROR_CODES } from '@eseal/core';
import { buildTestApp } from './test-app';

describe('GET /api/v1/openapi.json', () => {
  const app = buildTestApp();
  let doc: any;

  beforeAll(async () => {
    const res = await request(app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.body;
  });

  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('lists the operations endpoints and every declared route with OpenAPI path syntax', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/fixtures/crash',
      '/api/v1/fixtures/file',
      '/api/v1/fixtures/half-sent',
      '/api/v1/fixtures/revoked',
      '/api/v1/fixtures/wrong-shape',
      '/api/v1/fixtures/{itemId}',
      '/health',
      '/metrics',
    ]);
    expect(Object.keys(doc.paths['/health'].get.responses).sort()).toEqual(['200', '503']);
  });

  it('describes parameters, body and response from the route schemas', () => {
    const operation = doc.paths['/api/v1/fixtures/{itemId}'].post;
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'itemId', required: true }),
        expect.objectContaining({ in: 'query', name: 'repeat', required: false }),
      ]),
    );
    const body = operation.requestBody.content['application/json'].schema;
    expect(body.properties.name).toMatchObject({ type: 'string', minLength: 1 });
    expect(body.required).toEqual(['name']);
    const created = operation.responses['201'].content['application/json'].schema;
    expect(Object.keys(created.properties).sort()).toEqual(['itemId', 'names']);
  });

  it('documents errors by status with the shared ErrorResponse schema', () => {
    const responses = doc.paths['/api/v1/fixtures/{itemId}'].post.responses;
    expect(responses['400'].description).toMatch(/VALIDATION_FAILED.*MALFORMED_JSON/);
    expect(responses['409'].description).toContain('SEAL_REVOKED');
    expect(responses['413'].description).toContain('PAYLOAD_TOO_LARGE');
    expect(responses['500'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    const errorSchema = doc.components.schemas.ErrorResponse;
    expect(errorSchema.required).toEqual(['error']);
    expect(errorSchema.properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
  });

  it('documents binary answers by content type', () => {
    const content = doc.paths['/api/v1/fixtures/file'].get.responses['200'].content;
    expect(content['application/pdf'].schema).toEqual({ type: 'string', format: 'binary' });
  });
});

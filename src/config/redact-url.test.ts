import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db.example.com:5432/shop', 'postgres://app:****@db.example.com:5432/shop'],
    ['postgresql://app:p%40ss@h/db?sslmode=require', 'postgresql://app:****@h/db?sslmode=require'],
    // An unencoded '@', '/' or '?' in the password must not leave part of it behind.
    ['postgres://app:p@ss/wo?rd@h/db', 'postgres://app:****@h/db'],
    ['postgres://h/db?user=app&password=s3cret&sslmode=require', 'postgres://h/db?user=app&password=****&sslmode=require'],
    ['host=h user=app password=s3cret dbname=shop', 'host=h user=app password=**** dbname=shop'],
    ['postgres://app@h/db', 'postgres://app@h/db'],
    ['postgres://h:5432/db', 'postgres://h:5432/db'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});

describe('redactUrl, erring on the side of printing less', () => {
  it('masks up to the last @, even one in the query string', () => {
    expect(redactUrl('postgres://app:pw@h/db?application_name=me@x')).toBe('postgres://app:****@x');
  });
});

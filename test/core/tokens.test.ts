/**
 * Values not known until deploy time (lib/core/tokens.ts): a cdk8s token, a Pulumi Output and a promise are
 * unresolved, and every plain value, a string that merely looks like one included, is not.
 */
import * as pulumi from '@pulumi/pulumi';
import { isUnresolved } from 'production-stack/core/tokens';

test('a token string, alone or inside a string, is unresolved', () => {
  // the form the validation tests use for a value only known at deploy time
  const token = '${TOKEN[TOKEN.42]}';
  expect(isUnresolved(token)).toBe(true);
  expect(isUnresolved(`arn:aws:s3:::${token}/*`)).toBe(true);
});

test('a string that only resembles a token is a value', () => {
  expect(['', 'shop', '$TOKEN[x]', '{TOKEN[x]}', '${TOKEN', '${token[x]}'].map(isUnresolved)).toEqual([
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

test('a Pulumi Output and a promise are unresolved', () => {
  expect(isUnresolved(pulumi.output('x'))).toBe(true);
  expect(isUnresolved(Promise.resolve('x'))).toBe(true);
  expect(isUnresolved({ then: () => undefined })).toBe(true);
});

test('plain values and objects that only carry the names are values', () => {
  expect(
    [undefined, null, 0, 5, true, [], {}, { __pulumiOutput: 'true' }, { __pulumiOutput: 1 }, { then: 'later' }].map(isUnresolved),
  ).toEqual([false, false, false, false, false, false, false, false, false, false]);
});

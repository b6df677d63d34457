/**
 * Literal values given to names that say they hold a secret (lib/core/secret-assignments.ts), in configuration
 * files and on command lines; references, paths and settings are not literals.
 */
import { isLiteralValue, literalSecretArguments, literalSecretAssignments } from 'production-stack/core/secret-assignments';

describe('a literal value', () => {
  test.each(['hunter2', 's3cr3t', 'true1', 'xtrue', '1.2.3', '-5s', '/path with space', 'a/b', 'file:/x', ' p4ss '])('%j is one', (v) => {
    expect(isLiteralValue(v)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['$(DB_PASSWORD)', 'a Kubernetes reference'],
    ['${DB_PASSWORD}', 'a shell or Spring reference'],
    ['$DB_PASSWORD', 'a shell variable'],
    ['{{ .Values.password }}', 'a template'],
    ['%(password)s', 'a Python interpolation'],
    ['/run/secrets/db', 'an absolute path'],
    ['./key.pem', 'a relative path'],
    ['../keys/k', 'a parent path'],
    ['~/.pgpass', 'a home path'],
    ['file:///etc/x', 'a file URL'],
  ])('%j is none: %s', (v) => {
    expect(isLiteralValue(v)).toBe(false);
  });

  test.each([
    'true',
    'FALSE',
    'yes',
    'no',
    'on',
    'Off',
    'null',
    'nil',
    'none',
    '~',
    '5',
    '-3',
    '1.5',
    '-0.25',
    '100ms',
    '30s',
    '5m',
    '1h',
    '7d',
    '2w',
  ])('%j is a setting (a boolean, null, a number, a duration), not a literal', (v) => {
    expect(isLiteralValue(v)).toBe(false);
  });
});

describe('configuration files', () => {
  test('each line that gives a secret-like name a literal, with its line number', () => {
    const text = [
      'A=1',
      'DB_PASSWORD=hunter2',
      '  password: y',
      'export API_KEY="z"',
      '- token: abc',
      '"secret": "s",',
      "'client_secret' = 'q'",
      '\tspring.datasource.password = x # a comment',
      'export\tAUTH_TOKEN=t',
      '-\ttoken: u',
      'DB_PASSWORD=x\r',
      'export  API_KEY=w',
      '-  token: v',
    ].join('\n');
    expect(literalSecretAssignments(text)).toEqual([
      { line: 2, name: 'DB_PASSWORD' },
      { line: 3, name: 'password' },
      { line: 4, name: 'API_KEY' },
      { line: 5, name: 'token' },
      { line: 6, name: 'secret' },
      { line: 7, name: 'client_secret' },
      { line: 8, name: 'spring.datasource.password' },
      { line: 9, name: 'AUTH_TOKEN' },
      { line: 10, name: 'token' },
      { line: 11, name: 'DB_PASSWORD' },
      { line: 12, name: 'API_KEY' },
      { line: 13, name: 'token' },
    ]);
  });

  test('the last line without a newline is read; lines after a blank one keep their numbers', () => {
    expect(literalSecretAssignments('\n\nTOKEN=x')).toEqual([{ line: 3, name: 'TOKEN' }]);
    expect(literalSecretAssignments('')).toEqual([]);
  });

  test.each([
    ['DB_PASSWORD=${DB_PASSWORD}', 'a reference'],
    ['password: /run/secrets/db', 'a path'],
    ['DB_PASSWORD_FILE=/x', 'a location name'],
    ['password:', 'a parent key'],
    ['password: {a: 1}', 'an inline object'],
    ['password: [a]', 'an inline list'],
    ['password = ""', 'an empty string'],
    ["password: ''", 'an empty single-quoted string'],
    ['TOKEN_TTL=3600', 'a setting name'],
    ['REGION=us-east-1', 'no secret name'],
    ['1PASSWORD=x', 'a key starting with a digit'],
    ['"password\'=x', 'mismatched quotes around the key'],
    ['my password is x', 'prose'],
    [`${'p'.repeat(121)}_password=x`, 'a key of 130 characters'],
    ['password: true', 'a boolean'],
    ['password: 8080,', 'a number with a trailing comma'],
  ])('%j gives none: %s', (line) => {
    expect(literalSecretAssignments(line)).toEqual([]);
  });

  test('a key of 128 characters is read', () => {
    const key = `${'p'.repeat(119)}_password`;
    expect(key).toHaveLength(128);
    expect(literalSecretAssignments(`${key}=x`)).toEqual([{ line: 1, name: key }]);
  });

  test('a quoted value up to its closing quote; an unquoted one up to a comment after a space, without a trailing comma', () => {
    expect(literalSecretAssignments('password: "a b" # c')).toEqual([{ line: 1, name: 'password' }]);
    expect(literalSecretAssignments('password: "$X" trailing')).toEqual([]);
    expect(literalSecretAssignments('password: "unclosed')).toEqual([{ line: 1, name: 'password' }]);
    expect(literalSecretAssignments('password: "$X')).toEqual([]);
    expect(literalSecretAssignments('password: "a')).toEqual([{ line: 1, name: 'password' }]);
    expect(literalSecretAssignments('password: 1,5')).toEqual([{ line: 1, name: 'password' }]);
    expect(literalSecretAssignments('password: 5')).toEqual([]);
    expect(literalSecretAssignments("password: '/run/x' # c")).toEqual([]);
    expect(literalSecretAssignments('password: $X;y')).toEqual([]);
    expect(literalSecretAssignments('password: 5 ;c')).toEqual([]);
    expect(literalSecretAssignments('password: 5,')).toEqual([]);
    expect(literalSecretAssignments('password: 5;c')).toEqual([{ line: 1, name: 'password' }]);
  });

  test('in a YAML file a comment after the separator is no value (YAML reads null); elsewhere # starts the value', () => {
    expect(literalSecretAssignments('password: # set below\npassword:\t# set by the operator', 'values.yaml')).toEqual([]);
    expect(literalSecretAssignments('password: # set below', 'config.YML')).toEqual([]);
    // no space: the # is the value's first character, in YAML too (it needs the space after the colon)
    expect(literalSecretAssignments('password: "# not a comment"', 'values.yaml')).toEqual([{ line: 1, name: 'password' }]);
    // .properties and INI have no inline comments; python-dotenv reads `KEY= #x` as "#x" (theskumar/python-dotenv#600)
    for (const [text, file] of [
      ['spring.datasource.password = #Hunter2xyz', 'application.properties'],
      ['password = #Hunter2', 'app.ini'],
      ['DB_PASSWORD= #Hunter2', '.env'],
      ['password: # set below', ''],
      ['DB_PASSWORD=#s3cret', 'app.env'],
    ]) {
      expect([file, literalSecretAssignments(text, file).length]).toEqual([file, 1]);
    }
  });

  test.each(['|', '>', '|-', '>+', '|2', '>-1'])('a YAML block scalar (key: %s) holds a literal on the next lines', (indicator) => {
    expect(literalSecretAssignments(`private_key: ${indicator}\n  abc`)).toEqual([{ line: 1, name: 'private_key' }]);
  });

  test('prose and data files are not read; other names are', () => {
    for (const name of ['README.md', 'notes.TXT', 'a.markdown', 'b.rst', 'c.adoc', 'd.html', 'e.htm', 'f.csv', 'g.tsv'])
      expect([name, literalSecretAssignments('DB_PASSWORD=x', name)]).toEqual([name, []]);
    for (const name of ['app.env', 'application.properties', 'README.md.bak', 'md', ''])
      expect([name, literalSecretAssignments('DB_PASSWORD=x', name)]).toEqual([name, [{ line: 1, name: 'DB_PASSWORD' }]]);
  });
});

describe('command lines', () => {
  test('NAME=value, also inside a shell script, at the argument that holds it', () => {
    expect(literalSecretArguments(['sh', '-c', 'echo a; PGPASSWORD=x psql && curl --token abc | jq'])).toEqual([
      { index: 2, name: 'PGPASSWORD' },
      { index: 2, name: '--token' },
    ]);
  });

  test('--name=value and -Dproperty=value (a Java system property, the D dropped)', () => {
    expect(literalSecretArguments(['app', '--db-password=x', '-Dspring.datasource.password=y', '-Dpass=z'])).toEqual([
      { index: 1, name: '--db-password' },
      { index: 2, name: '-Dspring.datasource.password' },
      { index: 3, name: '-Dpass' },
    ]);
    expect(literalSecretArguments(['--Dpass=z', 'Dpass=z', '-Xpass=z', '---token=x', '=x'])).toEqual([]);
    expect(literalSecretArguments(['-password=x'])).toEqual([{ index: 0, name: '-password' }]);
  });

  test('a flag whose value is the next argument, in the GNU or the Go style', () => {
    expect(literalSecretArguments(['app', '--password', 'x'])).toEqual([{ index: 2, name: '--password' }]);
    expect(literalSecretArguments(['app', '-password', 'x'])).toEqual([{ index: 2, name: '-password' }]);
    expect(literalSecretArguments(['app', '--api-key', '"k"'])).toEqual([{ index: 2, name: '--api-key' }]);
  });

  test.each<[string[], string]>([
    [['app', '--password', '--verbose'], 'the next argument is a flag'],
    [['app', '--password'], 'no next argument'],
    [['app', '--password', '$(PW)'], 'a reference'],
    [['app', '--password', '/run/secrets/pw'], 'a path'],
    [['app', '--port', '5432'], 'no secret name'],
    [['app', '---password', 'x'], 'three dashes'],
    [['app', 'password', 'x'], 'no dash'],
    [['API_KEY=""'], 'an empty value'],
    [['API_KEY=$KEY'], 'a reference'],
    [['TOKEN_FILE=/x'], 'a location'],
  ])('%j gives none: %s', (argv) => {
    expect(literalSecretArguments(argv)).toEqual([]);
  });

  test('a quoted value is unquoted', () => {
    expect(literalSecretArguments(['API_KEY="abc"'])).toEqual([{ index: 0, name: 'API_KEY' }]);
  });
});

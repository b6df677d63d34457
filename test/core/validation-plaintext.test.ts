/**
 * The rules against secret material in a spec (lib/core/validation/plaintext.ts, checkPlaintextSecrets): every
 * string of the spec ends up in plain text in a manifest, the runbook or a cloud resource, so a value holding a
 * password, a key or a token is refused, and so is a literal given to a name of a secret inside a string (a line
 * of a configuration file, a flag or variable of a command line, the options a variable passes). Each problem is
 * redacted: the value is never shown. One problem per string.
 */
import { checkPlaintextSecrets, plaintextRule } from 'production-stack/core/validation/plaintext';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

function problems(props: Obj) {
  const p = new Problems();
  checkPlaintextSecrets(p, props);
  return p.all;
}
const service = (s: Obj) => ({ services: [{ name: 'api', ...s }] });
const redacted = (path: string, rule: string) => ({ path, value: '<redacted>', rule });

const URL_RULE = "the URL carries a password: read it from a secret with secretEnv (or use the service's postgres/redis wiring)";
const CONNECTION_RULE =
  "the connection string carries a password: read it from a secret with secretEnv (or use the service's postgres/redis wiring)";
const holds = (what: string) => `the value holds ${what}: read it from a secret (secretEnv, secretMounts), never from the spec`;
const inCommand = (name: string) =>
  `"${name}" names a secret: a literal value in a command line is not allowed, pass "$(VAR)" with VAR from secretEnv`;
const inOptions = (name: string) =>
  `"${name}" names a secret: a literal value in the options this variable passes is not allowed, pass "$(VAR)" with VAR from secretEnv`;
const inFile = (line: number, name: string) =>
  `line ${line} gives "${name}", which names a secret, a literal value: mount the file from a secret (secretMounts), or have the application read the value from a variable of secretEnv`;

describe('plaintextRule', () => {
  test('a URL or a connection string with a password is pointed to secretEnv or the datastore wiring', () => {
    expect(plaintextRule('a URL with a password')).toBe(URL_RULE);
    expect(plaintextRule('a connection string with a password')).toBe(CONNECTION_RULE);
  });

  test('other material is pointed to secretEnv or secretMounts', () => {
    expect(plaintextRule('a PEM private key')).toBe(holds('a PEM private key'));
  });
});

describe('secret material anywhere in the spec', () => {
  test('a URL with a password, a webhook URL and a token are each refused at their path, redacted', () => {
    const props = service({
      env: { A: 'postgres://u:pw@db/x', E: 'https://hooks.slack.com/services/T000/B000/XXXX', G: 'ghp_' + 'a'.repeat(36) },
    });
    expect(problems(props)).toEqual([
      redacted('services[0].env.A', URL_RULE),
      redacted('services[0].env.E', holds('a Slack webhook URL')),
      redacted('services[0].env.G', holds('a GitHub token')),
    ]);
  });

  test('the same URL without a password passes', () => {
    expect(problems(service({ env: { A: 'postgres://u@db/x' } }))).toEqual([]);
  });

  test('a connection string with a password in a configuration file is refused as such', () => {
    const props = service({ configFiles: { mountPath: '/etc/app', files: { 'db.conf': 'host=db password=x' } } });
    expect(problems(props)).toEqual([redacted('services[0].configFiles.files.db.conf', CONNECTION_RULE)]);
  });

  test('a value known only at deployment (a token) is not checked', () => {
    expect(problems(service({ env: { A: '${TOKEN[Token.1]}postgres://u:pw@db/x' } }))).toEqual([]);
  });

  test('material at the top of the spec is at its own path', () => {
    expect(problems({ description: 'postgres://u:pw@db/x' })).toEqual([redacted('description', URL_RULE)]);
  });
});

describe('a literal given to a name of a secret', () => {
  test('a flag or variable of a command line, in command or args, is refused at its item', () => {
    const props = service({ command: ['app', '--db-password=x', '--password', 'y'], args: ['PGPASSWORD=z'] });
    expect(problems(props)).toEqual([
      redacted('services[0].command[1]', inCommand('--db-password')),
      redacted('services[0].command[3]', inCommand('--password')),
      redacted('services[0].args[0]', inCommand('PGPASSWORD')),
    ]);
  });

  test('wherever a command line is: a probe, a migration, a cron job, the top', () => {
    const props = {
      services: [{ probes: { liveness: { command: ['--password=x'] } }, migration: { args: ['--password=x'] } }],
      cronJobs: [{ command: ['--password=x'] }],
      command: ['--password=x'],
    };
    expect(
      problems(props)
        .map((x) => x.path)
        .sort(),
    ).toEqual(['command[0]', 'cronJobs[0].command[0]', 'services[0].migration.args[0]', 'services[0].probes.liveness.command[0]'].sort());
  });

  test('a command line read from a variable ($(VAR)) passes, and so does a token', () => {
    expect(problems(service({ command: ['app', '--password=$(DB_PASSWORD)', '${TOKEN[Token.2]}'], args: ['--password', '$(P)'] }))).toEqual(
      [],
    );
  });

  test('items that are no string, or command and args that are no list, are left to the other rules', () => {
    expect(problems(service({ command: [3, null], args: '--password=x' }))).toEqual([]);
  });

  test('a line of a configuration file is refused with its line number', () => {
    const props = service({
      configFiles: { mountPath: '/etc/app', files: { 'app.properties': 'a=1\nspring.datasource.password=hunter2\n' } },
    });
    expect(problems(props)).toEqual([redacted('services[0].configFiles.files.app.properties', inFile(2, 'spring.datasource.password'))]);
  });

  test('only the files of a configFiles are read as configuration files', () => {
    const files = { 'app.properties': 'spring.datasource.password=hunter2' };
    expect(problems(service({ other: { files } }))).toEqual([]);
    expect(problems(service({ configFiles: { files: { 'app.properties': '${TOKEN[Token.3]}', 'b.properties': 3 } } }))).toEqual([]);
  });

  test("the options a service's or job's variable passes are read as a command line", () => {
    const props = { services: [{ env: { JAVA_TOOL_OPTIONS: '-Xmx1g  -Dspring.datasource.password=x' } }], env: { OPTS: '--password=x' } };
    // (the order of the problems is the walk's, not a rule)
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...problems(props)].sort(byPath)).toEqual([
      redacted('env.OPTS', inOptions('--password')),
      redacted('services[0].env.JAVA_TOOL_OPTIONS', inOptions('-Dspring.datasource.password')),
    ]);
  });

  test("an env map that is not a service's, a job's or the spec's own is not read as options", () => {
    expect(problems({ services: [{ probes: { env: { OPTS: '--password=x' } } }] })).toEqual([]);
    expect(problems(service({ env: { OPTS: '${TOKEN[Token.4]} --password=x', N: 3 } }))).toEqual([]);
  });
});

describe('one problem per string', () => {
  test('a connection string that is also a named assignment is reported once, naming the assignment', () => {
    expect(problems(service({ env: { B: 'host=db password=x' } }))).toEqual([redacted('services[0].env.B', inOptions('password'))]);
  });

  test('material other than a connection string is reported once, as that material', () => {
    const props = service({ configFiles: { mountPath: '/etc/app', files: { 'x.env': 'DB_PASSWORD=postgres://u:pw@db/x' } } });
    expect(problems(props)).toEqual([redacted('services[0].configFiles.files.x.env', URL_RULE)]);
  });
});

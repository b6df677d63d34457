/**
 * The offline plan: runs a Pulumi program against mocks (no CLI, no
 * credentials, no cloud) and records every resource it registers as the
 * engine would receive it: type, name, parent, inputs and resource options.
 */
import * as pulumi from '@pulumi/pulumi';
import { planMocks } from './mocks';

/** Resource options a plan shows. Only options that are set appear. */
export interface PlanOptions {
  /** The resource cannot be deleted until unprotected. */
  readonly protect?: true;
  /** Name of the explicit provider, when not the default one. */
  readonly provider?: string;
  /** Names of resources this one waits for beyond those its inputs refer to (explicit `dependsOn`, expanded through components). */
  readonly dependsOn?: readonly string[];
  /** Input paths whose changes are ignored after creation. */
  readonly ignoreChanges?: readonly string[];
  /** Input paths whose changes force a replacement. */
  readonly replaceOnChanges?: readonly string[];
  /** A replacement deletes the old resource before creating the new one. */
  readonly deleteBeforeReplace?: true;
  /** Deleting the resource only forgets it. */
  readonly retainOnDelete?: true;
  /** Former identities of the resource (renames without replacement). */
  readonly aliases?: readonly string[];
  /** Outputs stored as secrets in the state. */
  readonly additionalSecretOutputs?: readonly string[];
  /** Custom create, update and delete timeouts. */
  readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
  /** ID of an existing resource adopted instead of created. */
  readonly import?: string;
  /** Name of the resource whose deletion deletes this one. */
  readonly deletedWith?: string;
  /** A value whose change from the last deployment's replaces the resource. */
  readonly replacementTrigger?: unknown;
}

/** One resource `pulumi up` would create. */
export interface PlanResource {
  /** Type token, e.g. `aws:ec2/vpc:Vpc`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Logical name of the parent; `null` for resources at the top of the stack. */
  readonly parent: string | null;
  /** Inputs as sent to the engine; secrets are `[secret]`, resource references `[resource <name>]`, unknowns `[unknown]`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Resource options that are set. */
  readonly options: PlanOptions;
  /**
   * Names of every resource this one depends on, through its inputs or `dependsOn`, sorted: what the
   * engine waits for, and what `pulumi state delete --target-dependents` follows back from a deleted one.
   */
  readonly dependencies: readonly string[];
}

/** Settings of a plan run. */
export interface PlanSettings {
  /**
   * Pulumi project name.
   * @default 'production-stack'
   */
  readonly project?: string;
  /**
   * Pulumi stack name.
   * @default 'plan'
   */
  readonly stack?: string;
  /**
   * Stack configuration, as `pulumi config set` would give it (`{ 'aws:region': 'us-west-2' }`).
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * Keys of `config` that are secrets (`pulumi config set --secret`): the program reads them as secret Outputs.
   * @default - none
   */
  readonly secretConfigKeys?: readonly string[];
  /**
   * Zones the mocked clouds report as not available (AWS: impaired; GCP: DOWN): a plan as during a zone
   * outage, such as the `pulumi up` of a failover.
   * @default - every zone is available
   */
  readonly unavailableZones?: readonly string[];
  /**
   * Longest wait for the program to settle, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
}

/** Thrown when the program fails: every error it raised, including those inside `apply` and registrations. */
export class PlanError extends Error {
  /** Each distinct error message. */
  public readonly errors: readonly string[];

  constructor(errors: readonly string[]) {
    super(`the program failed (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'PlanError';
    this.errors = errors;
  }
}

const STACK_TYPE = 'pulumi:pulumi:Stack';
const { specialSigKey, specialSecretSig, specialResourceSig, specialOutputValueSig, specialAssetSig, specialArchiveSig, unknownValue } =
  pulumi.runtime;

/** Logical name in a URN (`urn:pulumi:stack::project::type::name`). */
function nameOfUrn(urn: string): string {
  const i = urn.lastIndexOf('::');
  return i < 0 ? urn : urn.slice(i + 2);
}

/** What a plan shows in place of a secret value. */
export const SECRET_MASK = '[secret]';

/** Decodes a serialized input: masks secrets, names resource references, marks unknowns. */
export function decodeInput(value: unknown): unknown {
  if (value === unknownValue) return '[unknown]';
  if (Array.isArray(value)) return value.map(decodeInput);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  switch (v[specialSigKey]) {
    case specialSecretSig:
      return SECRET_MASK;
    case specialResourceSig:
      return `[resource ${nameOfUrn(String(v.urn))}]`;
    case specialOutputValueSig:
      return v.secret ? SECRET_MASK : 'value' in v ? decodeInput(v.value) : '[unknown]';
    case specialAssetSig:
      return '[asset]';
    case specialArchiveSig:
      return '[archive]';
    default:
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeInput(x)]));
  }
}

/** The subset of a RegisterResourceRequest the recorder reads (generated protobuf getters). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect?(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getRetainondelete?(): boolean;
  getAliasesList(): { getUrn(): string; getSpec(): { getName(): string; getType(): string } | undefined }[];
  getAdditionalsecretoutputsList(): string[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getImportid(): string;
  getDeletedwith(): string;
  getReplacementTrigger?(): { toJavaScript(): unknown } | undefined;
}

interface RegisterResponse {
  getUrn(): string;
}

type Callback<T> = (err: unknown, response: T) => void;

interface MockMonitor {
  registerResource(req: RegisterRequest, callback: Callback<RegisterResponse>): Promise<void>;
  readResource(req: unknown, callback: Callback<unknown>): Promise<void>;
  invoke(req: unknown, callback: Callback<unknown>): Promise<void>;
  registerResourceOutputs(req: unknown, callback: Callback<unknown>): void;
}

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly parentUrn: string;
  readonly inputs: Record<string, unknown>;
  readonly options: (urnToName: (urn: string) => string) => PlanOptions;
  readonly dependencyUrns: readonly string[];
  urn?: string;
}

function optionsOf(req: RegisterRequest): Recorded['options'] {
  const dependencies = req.getDependenciesList();
  const viaInputs = new Set<string>();
  req.getPropertydependenciesMap().forEach((deps) => deps.getUrnsList().forEach((u) => viaInputs.add(u)));
  const explicit = dependencies.filter((u) => !viaInputs.has(u));
  const provider = req.getProvider();
  const timeouts = req.getCustomtimeouts();
  const aliases = req
    .getAliasesList()
    .map((a) => a.getUrn() || [a.getSpec()?.getType(), a.getSpec()?.getName()].filter(Boolean).join('::'));
  return (urnToName) => {
    const o: Record<string, unknown> = {};
    if (req.getProtect?.()) o.protect = true;
    // A provider reference is `<provider URN>::<provider ID>`.
    if (provider) o.provider = nameOfUrn(provider.slice(0, provider.lastIndexOf('::')));
    if (explicit.length > 0) o.dependsOn = explicit.map(urnToName).sort();
    if (req.getIgnorechangesList().length > 0) o.ignoreChanges = req.getIgnorechangesList();
    if (req.getReplaceonchangesList().length > 0) o.replaceOnChanges = req.getReplaceonchangesList();
    if (req.getDeletebeforereplace()) o.deleteBeforeReplace = true;
    if (req.getRetainondelete?.()) o.retainOnDelete = true;
    if (aliases.length > 0) o.aliases = aliases;
    if (req.getAdditionalsecretoutputsList().length > 0) o.additionalSecretOutputs = req.getAdditionalsecretoutputsList();
    if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) {
      o.customTimeouts = Object.fromEntries(
        Object.entries({ create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }).filter(([, t]) => t),
      );
    }
    if (req.getImportid()) o.import = req.getImportid();
    if (req.getDeletedwith()) o.deletedWith = urnToName(req.getDeletedwith());
    const trigger = req.getReplacementTrigger?.();
    if (trigger !== undefined) o.replacementTrigger = decodeInput(trigger.toJavaScript());
    return o as PlanOptions;
  };
}

/** Frames kept in stack traces while a plan runs. */
const PLAN_STACK_FRAMES = 10;

/** V8's own stack format, without source maps, at most {@link PLAN_STACK_FRAMES} frames. */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  const shown = frames.slice(0, PLAN_STACK_FRAMES);
  return `${error.name}: ${error.message}${shown.map((f) => `\n    at ${String(f)}`).join('')}`;
}

/** Orders resources as a tree: each parent before its children, siblings by name (numbers compared as numbers). */
function treeOrder(resources: readonly PlanResource[]): PlanResource[] {
  const byParent = new Map<string | null, PlanResource[]>();
  for (const r of resources) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r]);
  const compare = (a: PlanResource, b: PlanResource): number =>
    a.name.localeCompare(b.name, 'en', { numeric: true }) || a.type.localeCompare(b.type);
  const out: PlanResource[] = [];
  const seen = new Set<PlanResource>();
  const visit = (parent: string | null): void => {
    for (const r of [...(byParent.get(parent) ?? [])].sort(compare)) {
      if (seen.has(r)) continue;
      seen.add(r);
      out.push(r);
      visit(r.name);
    }
  };
  visit(null);
  // Anything whose parent was not recorded (should not happen) still appears.
  for (const r of resources) if (!seen.has(r)) out.push(r);
  return out;
}

/**
 * Runs `program` (top-level Pulumi code, such as an example's `pulumi.ts`
 * loaded with `require`) against {@link planMocks} and returns every resource
 * it registers, in tree order, once nothing is left pending, including
 * resources created inside `apply`. The root `pulumi:pulumi:Stack` is left out.
 *
 * Throws a {@link PlanError} listing every error the program raised, even
 * asynchronously. Pulumi's runtime is global, so concurrent calls are queued
 * and run one at a time.
 */
export function plan(program: () => unknown, settings: PlanSettings = {}): Promise<PlanResource[]> {
  const run = queue.then(() => planNow(program, settings));
  queue = run.catch(() => undefined);
  return run;
}

/** The plan running or last run: the next one starts after it. */
let queue: Promise<unknown> = Promise.resolve();

async function planNow(program: () => unknown, settings: PlanSettings): Promise<PlanResource[]> {
  await pulumi.runtime.setMocks(
    planMocks(settings.unavailableZones ?? []),
    settings.project ?? 'production-stack',
    settings.stack ?? 'plan',
    false,
  );
  pulumi.runtime.setAllConfig({ ...(settings.config ?? {}) }, [...(settings.secretConfigKeys ?? [])]);
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const recorded: Recorded[] = [];
  const errors = new Set<string>();
  const fail = (e: unknown): void => {
    errors.add(e instanceof Error ? e.message : String(e));
  };
  let pending = 0;
  let activity = 0;
  const track = <T>(callback: Callback<T>): Callback<T> => {
    pending++;
    activity++;
    return (err, response) => {
      pending--;
      activity++;
      callback(err, response);
    };
  };

  const registerResource = monitor.registerResource.bind(monitor);
  const invoke = monitor.invoke.bind(monitor);
  const readResource = monitor.readResource.bind(monitor);
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const entry: Recorded = {
      type: req.getType(),
      name: req.getName(),
      parentUrn: req.getParent(),
      inputs: decodeInput(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
      options: optionsOf(req),
      dependencyUrns: req.getDependenciesList(),
    };
    recorded.push(entry);
    const done = track(callback);
    return registerResource(req, (err, response) => {
      if (response) entry.urn = response.getUrn();
      done(err, response);
    });
  };
  monitor.invoke = (req, callback) => invoke(req, track(callback));
  // Reads (`Resource.get`) are not recorded (nothing is created), but the program waits on them.
  monitor.readResource = (req, callback) => readResource(req, track(callback));
  monitor.registerResourceOutputs = (req, callback) => registerResourceOutputs(req, track(callback));

  // Errors inside applies and registrations surface only as unhandled rejections, as under `pulumi up`.
  process.on('unhandledRejection', fail);
  // Pulumi captures a stack trace for every resource and promise; source-map formatters (jest, ts-node)
  // make that the bulk of a plan's time. While the plan runs, stacks are formatted by V8 alone, and short.
  const prepareStackTrace = Error.prepareStackTrace;
  const stackTraceLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = plainStackTrace;
  Error.stackTraceLimit = PLAN_STACK_FRAMES;
  try {
    // Errors thrown by the program itself are caught here, so the stack resource completes normally.
    await pulumi.runtime
      .runInPulumiStack(async () => {
        await Promise.resolve().then(program).catch(fail);
      })
      .catch(fail);
    // Registrations and applies finish asynchronously: wait until event-loop turns pass with nothing pending.
    const timeoutMs = settings.timeoutMs ?? 60000;
    const deadline = Date.now() + timeoutMs;
    let quietTurns = 0;
    let lastActivity = -1;
    while (quietTurns < 3) {
      await new Promise((resolve) => setImmediate(resolve));
      quietTurns = pending === 0 && activity === lastActivity ? quietTurns + 1 : 0;
      lastActivity = activity;
      if (Date.now() > deadline) {
        fail(new Error(`the program did not settle within ${timeoutMs} ms (${pending} calls pending)`));
        break;
      }
    }
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
    process.off('unhandledRejection', fail);
  }
  if (errors.size > 0) throw new PlanError([...errors]);
  // Every run registers the root stack: a recorder that saw not even that is hooked where the SDK no longer
  // registers (an upgrade changed its mock monitor), and an empty plan would say nothing is created.
  if (!recorded.some((r) => r.type === STACK_TYPE))
    throw new PlanError([
      "the plan saw no registration, not even the root stack's: the Pulumi SDK no longer registers through the monitor of pulumi.runtime.getMonitor() (lib/plan/plan.ts hooks it)",
    ]);

  const names = new Map(recorded.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  const urnToName = (urn: string): string => names.get(urn)?.name ?? nameOfUrn(urn);
  const resources = recorded
    .filter((r) => r.type !== STACK_TYPE)
    .map((r): PlanResource => {
      const parent = names.get(r.parentUrn);
      return {
        type: r.type,
        name: r.name,
        parent: parent && parent.type !== STACK_TYPE ? parent.name : null,
        inputs: r.inputs,
        options: r.options(urnToName),
        dependencies: [...new Set(r.dependencyUrns.map(urnToName))].sort(),
      };
    });
  return treeOrder(resources);
}

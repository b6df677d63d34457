/**
 * NATS with its defaults (lib/core/resolve/nats.ts). The default values are the spec's `@default` tags
 * (lib/core/spec/nats.ts): servers `nats:2.10.24-alpine`, 3 of them with 2Gi of memory and 50Gi of storage, the
 * controller in `nats-system`, no TLS; a stream keeps 168 hours and 10Gi at most on 3 replicas and is kept when
 * removed from the spec; a consumer waits 30 s for an ack, delivers 3 times, with 1000 acks pending.
 */
import { resolveNats, resolveNatsServers, resolveStream } from 'production-stack/core/resolve/nats';

describe('the servers', () => {
  test('with nothing given, the documented defaults', () => {
    expect(resolveNatsServers({})).toEqual({
      image: 'nats:2.10.24-alpine',
      replicas: 3,
      memory: '2Gi',
      storage: '50Gi',
      storageClass: undefined,
      tls: undefined,
      controllerNamespace: 'nats-system',
    });
  });

  test('each setting given is kept', () => {
    const given = {
      image: 'nats:2.11',
      replicas: 5,
      memory: '4Gi',
      storage: '100Gi',
      storageClass: 'gp3',
      tls: { clusterIssuer: 'ca' },
      controllerNamespace: 'jetstream',
    };
    expect(resolveNatsServers(given)).toEqual(given);
  });
});

describe('streams', () => {
  test('a stream with only its name and subjects gets a week, 10Gi, 3 replicas and is retained on delete', () => {
    expect(resolveStream({ name: 'orders', subjects: ['orders.>'] })).toEqual({
      name: 'orders',
      subjects: ['orders.>'],
      maxAgeHours: 168,
      maxBytes: '10Gi',
      replicas: 3,
      retainOnDelete: true,
    });
  });

  test('each limit given is kept, retainOnDelete false included', () => {
    const given = { name: 'o', subjects: ['o'], maxAgeHours: 1, maxBytes: '1Gi', replicas: 1, retainOnDelete: false };
    expect(resolveStream(given)).toEqual(given);
  });
});

describe('resolveNats', () => {
  test("no streams, consumers or publishers are empty lists, beside the servers' defaults", () => {
    const n = resolveNats({});
    expect([n.streams, n.consumers, n.publishers]).toEqual([[], [], []]);
    expect(n.replicas).toBe(3);
    expect(n.controllerNamespace).toBe('nats-system');
  });

  test('each stream gets its defaults', () => {
    expect(resolveNats({ streams: [{ name: 'orders', subjects: ['orders.>'], replicas: 1 }] }).streams).toEqual([
      { name: 'orders', subjects: ['orders.>'], maxAgeHours: 168, maxBytes: '10Gi', replicas: 1, retainOnDelete: true },
    ]);
  });

  test('a consumer gets 30 s to ack, 3 deliveries and 1000 acks pending; its filter as given', () => {
    expect(resolveNats({ consumers: [{ name: 'fulfil', stream: 'orders' }] }).consumers).toEqual([
      { name: 'fulfil', stream: 'orders', ackWaitSeconds: 30, maxDeliver: 3, maxAckPending: 1000, filterSubject: undefined },
    ]);
    const given = { name: 'f', stream: 'o', ackWaitSeconds: 5, maxDeliver: 1, maxAckPending: 1, filterSubject: 'o.x' };
    expect(resolveNats({ consumers: [given] }).consumers).toEqual([given]);
  });

  test('a publisher is kept as given, podLabels only when given', () => {
    const p = resolveNats({
      publishers: [
        { name: 'partner', subjects: ['orders.partner'], namespace: 'partners' },
        { name: 'feed', subjects: ['orders.feed'], namespace: 'feeds', podLabels: { app: 'feed' } },
      ],
    }).publishers;
    expect(p).toEqual([
      { name: 'partner', subjects: ['orders.partner'], namespace: 'partners' },
      { name: 'feed', subjects: ['orders.feed'], namespace: 'feeds', podLabels: { app: 'feed' } },
    ]);
    expect(Object.keys(p[0])).toEqual(['name', 'subjects', 'namespace']);
  });
});

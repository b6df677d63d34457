/** The library's own images (lib/core/images.ts): each pinned to a version tag of its registry. */
import { IMAGES } from 'production-stack/core/images';
import { imageProblem } from 'production-stack/core/names';

test('each image is its registry path and a version tag, never latest', () => {
  expect(IMAGES).toEqual({
    kubectl: expect.stringMatching(/^registry\.k8s\.io\/kubectl:v\d+\.\d+\.\d+$/),
    natsExporter: expect.stringMatching(/^natsio\/prometheus-nats-exporter:\d+\.\d+\.\d+$/),
    natsReloader: expect.stringMatching(/^natsio\/nats-server-config-reloader:\d+\.\d+\.\d+$/),
    awsCli: expect.stringMatching(/^amazon\/aws-cli:2\.\d+\.\d+$/),
    gcloudCli: expect.stringMatching(/^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:\d+\.\d+\.\d+-slim$/),
  });
});

test("each is a pinned reference by the spec's own rule, which a user's image meets", () => {
  expect(Object.values(IMAGES).map(imageProblem)).toEqual(Object.values(IMAGES).map(() => undefined));
});

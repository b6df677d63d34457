/** A Kubernetes object as JSON: what the chart synthesizes, the add-ons write and the checks read. */

/* eslint-disable @typescript-eslint/no-explicit-any -- read field by field, as the API server would */
/** A Kubernetes object as JSON: its type and name, and any other field. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

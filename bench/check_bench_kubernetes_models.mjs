// The other side of bench/check-vs-kubernetes-models.sh: the kubernetes-models npm validators
// (ajv-compiled JSON schemas of the Kubernetes API) over the same corpus as bench/check_bench.cc.
//
//   node bench/check_bench_kubernetes_models.mjs CORPUS.yaml     (run from the folder where the
//                                                                 script installed the packages)
//
// A pass parses the YAML stream (the `yaml` package) and validates every object with the model
// class of its apiVersion/kind, as a Node program would use the library; loading the modules is
// timed apart, like the schema bundle on our side. Prints one RESULT line in check_bench's format.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import process from "node:process";

const path = process.argv[2];
const text = readFileSync(path, "utf8");

let t0 = performance.now();
const { parseAllDocuments } = await import("yaml");
const groups = {
  "v1": await import("kubernetes-models/v1"),
  "apps/v1": await import("kubernetes-models/apps/v1"),
  "networking.k8s.io/v1": await import("kubernetes-models/networking.k8s.io/v1"),
  "autoscaling/v2": await import("kubernetes-models/autoscaling/v2"),
  "storage.k8s.io/v1": await import("kubernetes-models/storage.k8s.io/v1"),
  "batch/v1": await import("kubernetes-models/batch/v1"),
  "rbac.authorization.k8s.io/v1": await import("kubernetes-models/rbac.authorization.k8s.io/v1"),
  "policy/v1": await import("kubernetes-models/policy/v1"),
};
const startup = (performance.now() - t0) / 1000;

t0 = performance.now();
const cpu0 = process.cpuUsage();
let objects = 0, invalid = 0, unknown = 0;
for (const doc of parseAllDocuments(text)) {
  const obj = doc.toJS();
  if (obj === null || typeof obj !== "object") continue;
  objects++;
  const Model = groups[obj.apiVersion]?.[obj.kind];
  if (!Model) {
    unknown++;
    continue;
  }
  try {
    new Model(obj).validate();
  } catch {
    invalid++;
  }
}
const seconds = (performance.now() - t0) / 1000;
const cpuUsed = process.cpuUsage(cpu0);
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;  // all threads: V8's GC helpers count too
const rss = process.resourceUsage().maxRSS;  // KiB
console.log(`RESULT tool=kubernetes-models objects=${objects} findings=${invalid + unknown} seconds=${seconds.toFixed(4)} cpu_seconds=${cpu.toFixed(4)} ` +
            `objects_per_second=${(objects / seconds).toFixed(0)} startup_seconds=${startup.toFixed(4)} peak_rss_kib=${rss}`);

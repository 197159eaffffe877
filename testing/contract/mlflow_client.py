"""The MLflow contract test's client (testing/mlflow_contract_test.cc): the mlflow Python client, as a
notebook would use it, with only MLFLOW_TRACKING_URI (no S3 credentials: the server serves the
artifacts). It logs a run with a parameter, a metric and an artifact through the tracking server,
reads them back through it, and prints what it found, one fact a line, for the test to compare:

  run RUN_ID
  experiment EXPERIMENT_ID
  artifact_uri URI
  param p=1
  metric m=0.5
  listed contract-artifact.txt
  downloaded <the artifact's text>
"""

import os
import tempfile

import mlflow

ARTIFACT = "contract-artifact.txt"
TEXT = "logged by the contract test through the tracking server"

mlflow.set_experiment("contract")
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, ARTIFACT)
    with open(path, "w") as f:
        f.write(TEXT)
    with mlflow.start_run() as run:
        mlflow.log_param("p", "1")
        mlflow.log_metric("m", 0.5)
        mlflow.log_artifact(path)

client = mlflow.MlflowClient()
stored = client.get_run(run.info.run_id)
print("run", run.info.run_id)
print("experiment", run.info.experiment_id)
print("artifact_uri", stored.info.artifact_uri)
for k, v in sorted(stored.data.params.items()):
    print("param %s=%s" % (k, v))
for k, v in sorted(stored.data.metrics.items()):
    print("metric %s=%s" % (k, v))
for a in client.list_artifacts(run.info.run_id):
    print("listed", a.path)
with tempfile.TemporaryDirectory() as d:
    local = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path=ARTIFACT, dst_path=d)
    with open(local) as f:
        print("downloaded", f.read())

#!/usr/bin/env python3
"""The Nodes a platform file's machines become, for the real control plane of the tests.

Reads platform.yaml and prints a v1 List (JSON) of one Node per spec node, labelled and tainted as
kubeadm and `betelgeuse nodes apply` would leave it (src/nodes/plan.cc, phase_labels.cc), plus the
`nvidia` RuntimeClass the labels phase creates when a GPU node exists. kwok then plays its kubelet.
src/cli/real_cluster_nodes_test.cc holds these rules equal to the nodes plan's, so they cannot drift.

Capacity is a plausible dedicated server (32 CPUs, 128 GiB); a GPU node advertises one nvidia.com/gpu,
as the device plugin would.
"""
import json
import sys

import yaml

INGRESS_LABEL = "platform.betelgeusebytes.io/ingress"
CONTROL_PLANE = "node-role.kubernetes.io/control-plane"


def node_objects(spec):
    nodes = (spec.get("spec") or {}).get("nodes") or []
    any_ingress = any(n.get("ingress") is True for n in nodes)
    out = []
    gpus = False
    for n in nodes:
        name, role = n["name"], n.get("role")
        labels = {
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "type": "kwok",
        }
        taints = []
        if role == "control-plane":
            # kubeadm's own label, exclusion label and taint for a control-plane node.
            labels[CONTROL_PLANE] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
            taints.append({"key": CONTROL_PLANE, "effect": "NoSchedule"})
        for k, v in (n.get("labels") or {}).items():
            labels[str(k)] = str(v)
        if role == "worker":
            labels["node-role.kubernetes.io/worker"] = ""
        capacity = {"cpu": "32", "memory": "128Gi", "pods": "110", "ephemeral-storage": "1Ti"}
        if role == "gpu":
            gpus = True
            labels["node-role.kubernetes.io/gpu"] = ""
            labels["nvidia.com/gpu.present"] = "true"
            taints.append({"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"})
            capacity["nvidia.com/gpu"] = "1"
        if n.get("ingress") is True or (not any_ingress and role == "control-plane"):
            labels[INGRESS_LABEL] = "true"
        addresses = [{"type": "Hostname", "address": name}]
        internal = n.get("meshAddress") or n.get("publicAddress")
        if internal:
            addresses.insert(0, {"type": "InternalIP", "address": str(internal)})
        node = {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": name,
                "labels": labels,
                # kwok manages every node; the annotation is what kwokctl's nodes carry too.
                "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
            },
            "spec": {"taints": taints} if taints else {},
            "status": {"capacity": capacity, "allocatable": dict(capacity), "addresses": addresses},
        }
        out.append(node)
    if gpus:
        out.append({
            "apiVersion": "node.k8s.io/v1",
            "kind": "RuntimeClass",
            "metadata": {"name": "nvidia"},
            "handler": "nvidia",
            "scheduling": {
                "nodeSelector": {"nvidia.com/gpu.present": "true"},
                "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
            },
        })
    return {"apiVersion": "v1", "kind": "List", "items": out}


def main(argv):
    backend = len(argv) == 3 and argv[1] == "--backend"
    if len(argv) != 2 and not backend:
        print("usage: nodes.py [--backend] platform.yaml", file=sys.stderr)
        return 2
    try:
        with open(argv[-1], encoding="utf-8") as f:
            spec = yaml.safe_load(f) or {}
        if backend:  # which access layer the platform uses: ingress-nginx (default) or gateway-api
            print(((spec.get("spec") or {}).get("exposure") or {}).get("backend") or "ingress-nginx")
            return 0
        doc = node_objects(spec)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        print(f"nodes.py: cannot read the nodes of {argv[-1]}: {e}", file=sys.stderr)
        return 2
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

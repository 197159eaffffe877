#!/usr/bin/python3
"""Generates the CustomResourceDefinitions Betelgeuse renders (data/crds/<component>/*.json).

Inputs: the upstream CRDs under the reference directory (default ../shared/reference; see its
PROVENANCE.md), listed in SOURCES below with the git blob id PROVENANCE.md records for each. The
script refuses to run when a file's blob id differs, so the data always matches a known release.

What it does: parses each CRD and drops every `description` of the schema (documentation only:
`kubectl explain` shows less, the API server validates exactly the same), then writes compact JSON
with the keys in upstream order. Nothing else changes. The CRDs upstream lacks in the reference
(written by us, minimal) live beside the generated ones as hand-written JSON and are not touched.

Deterministic: same inputs, same bytes. Usage (from the repo root):
  /usr/bin/python3 scripts/gen-crds.py [REFERENCE_DIR] [--check]
--check exits 1 when a generated file is missing or differs.
"""

import hashlib
import json
import os
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, 'data', 'crds')

# (component folder, reference path, blob id from ../shared/reference/PROVENANCE.md)
SOURCES = [
    ('cert-manager', 'crds/cert-manager/cert-manager.io_certificates.yaml', '1eb46fbeed2127650fe4ec06ddc7289163f75e3b'),
    ('cert-manager', 'crds/cert-manager/cert-manager.io_issuers.yaml', 'bfa8262b5628e1d8ea7cc398cf1ad321a2bedc62'),
    ('cert-manager', 'crds/cert-manager/cert-manager.io_clusterissuers.yaml', 'f24cab2d55ebe37a8c000d10d7f9de19636027f9'),
    ('argo-workflows', 'crds/argo-workflows/full/argoproj.io_workflows.yaml', '8b682fc521df85916c7454aad05ab0793865a097'),
    ('argo-workflows', 'crds/argo-workflows/full/argoproj.io_workflowtemplates.yaml', '71a4af1a6c9afd86e1ee139d8006389776b17d21'),
    ('argo-workflows', 'crds/argo-workflows/full/argoproj.io_cronworkflows.yaml', 'd3db2b8371a3e9350ab162a2464f7657b0352dc3'),
]


def blob_id(data):
    return hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()


def strip(node, in_properties=False):
    """Drops `description` keys, except a property that happens to be named "description"."""
    if isinstance(node, dict):
        return {k: strip(v, k == 'properties') for k, v in node.items() if in_properties or k != 'description'}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main(argv):
    check = '--check' in argv
    args = [a for a in argv if a != '--check']
    ref = args[0] if args else os.path.join(REPO, '..', 'shared', 'reference')
    stale = []
    for folder, rel, blob in SOURCES:
        with open(os.path.join(ref, rel), 'rb') as f:
            data = f.read()
        if blob_id(data) != blob:
            sys.exit('%s: blob %s, PROVENANCE.md says %s: refusing to run' % (rel, blob_id(data), blob))
        text = json.dumps(strip(yaml.safe_load(data)), separators=(',', ':'), ensure_ascii=False) + '\n'
        out = os.path.join(OUT, folder, os.path.basename(rel)[:-len('.yaml')] + '.json')
        old = open(out, encoding='utf-8').read() if os.path.exists(out) else None
        if old == text:
            continue
        if check:
            stale.append(out)
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, 'w', encoding='utf-8') as f:
            f.write(text)
        print('wrote %s (%d bytes from %d)' % (os.path.relpath(out, REPO), len(text), len(data)))
    if stale:
        sys.exit('not up to date: ' + ', '.join(stale))


if __name__ == '__main__':
    main(sys.argv[1:])

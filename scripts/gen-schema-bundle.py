#!/usr/bin/python3
"""Generates data/schema-bundle.json, the compact schema bundle embedded in betelgeuse.

Inputs (all under the reference directory, default ../shared/reference from the repo root; see its
PROVENANCE.md):
  * k8s-schemas/v1.32.2-standalone-strict/*.json  Kubernetes 1.32.2 strict JSON schemas: every file
    that is an object one applies (one x-kubernetes-group-version-kind, apiVersion/kind/metadata
    properties, not a *List kind) becomes a built-in kind
  * crds/**/*.yaml                                 CustomResourceDefinitions (cert-manager,
    prometheus-operator, Argo Workflows "full", Cilium YAML, Gateway API standard + the versions
    only the experimental channel serves). Argo's "minimal" CRDs and Cilium's datree JSON are
    deliberately not used.

What it does, and why:
  * strips everything that does not affect validation (descriptions, defaults, list/map type
    markers, CEL rules, ...), because the embedded bundle should be small;
  * adds the enum lists that Kubernetes 1.32's /openapi/v3 documents carry but the v2-derived
    standalone schemas lack (ENUM_RULES below; each rule cites its source);
  * makes CRD schemas strict the way the API server's strict field validation is: an object schema
    without additionalProperties and without x-kubernetes-preserve-unknown-fields gets
    additionalProperties: false (the server prunes/rejects unknown fields there);
  * wraps each CRD version's openAPIV3Schema so apiVersion/kind are pinned and metadata is checked
    against ObjectMeta taken from the built-in schemas;
  * hoists subtrees that occur at least twice (after hoisting their parents) and are larger than
    HOIST_MIN_BYTES into a shared "definitions" table referenced by {"$ref": "#/definitions/<id>"},
    ids being a hash of the subtree's canonical JSON, so the bundle is compact and ids are stable.

  * data/schemas/*.json (in this repository, written by us): strict JSON schemas, in the same style,
    for the admission webhook configurations, written before the reference had them; they carry
    the enums the API server enforces, so they replace the reference's schema of the same kind.
    Their `metadata` is {"$ref": "ObjectMeta"} and becomes the built-in ObjectMeta.

Built-in kind records carry "builtin": true, and the bundle header lists `builtin_groups`: the API
groups of Kubernetes 1.32 itself (those of the built-in kinds plus BUILTIN_GROUPS_EXTRA), so that
`check` never suggests a CRD for a kind in such a group.

Deterministic: same inputs, same bytes. Usage (from the repo root):
  /usr/bin/python3 scripts/gen-schema-bundle.py [REFERENCE_DIR] [--check]
--check exits 1 when data/schema-bundle.json or data/SCHEMA-PROVENANCE.md is not up to date.
"""

import glob
import hashlib
import json
import os
import re
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
K8S_DIR = 'k8s-schemas/v1.32.2-standalone-strict'
BUNDLE_FORMAT = 'betelgeuse-schema-bundle/1'
HOIST_MIN_BYTES = 48  # a $ref costs ~35 bytes; hoisting smaller subtrees would not pay
OBJECT_META_DEF = 'ObjectMeta'

# Keys that influence validation; everything else is documentation or server-side behaviour.
KEEP_KEYS = {
    'type', 'properties', 'additionalProperties', 'required', 'items', 'enum', 'const', 'oneOf',
    'anyOf', 'allOf', 'not', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
    'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
    'uniqueItems', 'minProperties', 'maxProperties', 'nullable', 'x-kubernetes-int-or-string',
    'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
}
# Formats the validator checks; the others (date-time, cidr, ipv4, ...) are dropped.
KEEP_FORMATS = {'int32', 'int64', 'byte'}
BRANCH_KEYS = ('oneOf', 'anyOf', 'allOf')

# Scope of the built-in kinds (the JSON schemas do not say; these are the API server's facts).
# (kubectl api-resources --namespaced=false on a 1.32 cluster.)
K8S_CLUSTER_SCOPED = {'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding',
                      'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema',
                      'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node',
                      'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration',
                      'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
                      'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'}
# API groups of Kubernetes 1.32 (or removed from it) that none of the reference's kinds belong to:
# request-only kinds (authentication/authorization reviews), groups served only as alpha/beta
# (resource, storagemigration, internal.apiserver) and the removed extensions group. A kind in
# these groups is never a CustomResourceDefinition's.
BUILTIN_GROUPS_EXTRA = ['authentication.k8s.io', 'authorization.k8s.io', 'extensions',
                        'internal.apiserver.k8s.io', 'resource.k8s.io', 'storagemigration.k8s.io']

API_TAG = 'kubernetes/api tag kubernetes-1.32.2 (commit 78094a6f3ff1c3d9185e3d2a13a19ca8f61e511e)'
MACHINERY_TAG = ('kubernetes/apimachinery tag kubernetes-1.32.2 '
                 '(commit 59e9003f02d6f0c8fff53719a7a0604ec82ee9a9)')
OPENAPI_NOTE = ('kube-openapi pkg/generators/enum.go turns "+enum" string types into OpenAPI v3 '
                '"enum" lists, values sorted (sort.Strings in enumType.ValueStrings)')

# Enum rules. A rule finds the schema node of one Go struct in the (inlined) standalone schemas:
# the node must have all `keys` as properties and, where given, a description starting with
# `desc` (for structs with identical field sets). It then sets `enum` on `field` (on its items
# when items=True). Values are sorted, as kube-openapi emits them. `src` cites the Go type.
def _rule(struct, keys, field, values, src, desc=None, items=False, exact=False, note=None):
    return dict(struct=struct, keys=sorted(set(keys) | {field}), field=field,
                values=sorted(values), src=src, desc=desc, items=items, exact=exact, note=note)

PROTOCOL = ['SCTP', 'TCP', 'UDP']
PROTOCOL_SRC = 'core/v1/types.go:1254 +enum type Protocol'
PULL = ['Always', 'IfNotPresent', 'Never']
PULL_SRC = 'core/v1/types.go:2607 +enum type PullPolicy'
TMP_SRC = 'core/v1/types.go:2658 +enum type TerminationMessagePolicy'
PROFILE = ['Localhost', 'RuntimeDefault', 'Unconfined']
ACCESS = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
ACCESS_SRC = 'core/v1/types.go:867 +enum type PersistentVolumeAccessMode'
VMODE_SRC = 'core/v1/types.go:470 +enum type PersistentVolumeMode'
SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating',
          'PriorityClass', 'Terminating']
ENUM_RULES = [
    # core/v1 Container (and EphemeralContainer, same fields)
    _rule('core/v1.Container', ['image', 'terminationMessagePolicy'], 'imagePullPolicy', PULL,
          PULL_SRC),
    _rule('core/v1.Container', ['image', 'imagePullPolicy'], 'terminationMessagePolicy',
          ['File', 'FallbackToLogsOnError'], TMP_SRC),
    _rule('core/v1.ContainerPort', ['containerPort'], 'protocol', PROTOCOL, PROTOCOL_SRC),
    _rule('core/v1.VolumeMount', ['mountPath'], 'mountPropagation',
          ['Bidirectional', 'HostToContainer', 'None'],
          'core/v1/types.go:2308 +enum type MountPropagationMode'),
    _rule('core/v1.HTTPGetAction', ['httpHeaders'], 'scheme', ['HTTP', 'HTTPS'],
          'core/v1/types.go:2513 +enum type URIScheme'),
    _rule('core/v1.SecurityContext', ['allowPrivilegeEscalation'], 'procMount',
          ['Default', 'Unmasked'], 'core/v1/types.go:7780 +enum type ProcMountType'),
    _rule('core/v1.SeccompProfile', ['localhostProfile'], 'type', PROFILE,
          'core/v1/types.go:4546 +enum type SeccompProfileType', desc='SeccompProfile'),
    _rule('core/v1.AppArmorProfile', ['localhostProfile'], 'type', PROFILE,
          'core/v1/types.go:4578 +enum type AppArmorProfileType', desc='AppArmorProfile'),
    # core/v1 PodSpec and friends
    _rule('core/v1.PodSpec', ['containers'], 'restartPolicy', ['Always', 'Never', 'OnFailure'],
          'core/v1/types.go:3365 +enum type RestartPolicy'),
    _rule('core/v1.PodSpec', ['containers'], 'dnsPolicy',
          ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
          'core/v1/types.go:3383 +enum type DNSPolicy'),
    _rule('core/v1.PodSpec', ['containers'], 'preemptionPolicy', ['Never', 'PreemptLowerPriority'],
          'core/v1/types.go:2647 +enum type PreemptionPolicy'),
    _rule('core/v1.PodSecurityContext', ['fsGroup'], 'fsGroupChangePolicy',
          ['Always', 'OnRootMismatch'], 'core/v1/types.go:4351 +enum type PodFSGroupChangePolicy'),
    _rule('core/v1.PodSecurityContext', ['fsGroup'], 'supplementalGroupsPolicy',
          ['Merge', 'Strict'], 'core/v1/types.go:4368 +enum type SupplementalGroupsPolicy'),
    _rule('core/v1.Toleration', ['tolerationSeconds'], 'operator', ['Equal', 'Exists'],
          'core/v1/types.go:3764 +enum type TolerationOperator'),
    _rule('core/v1.Toleration', ['tolerationSeconds'], 'effect',
          ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
          'core/v1/types.go:3710 +enum type TaintEffect'),
    _rule('core/v1.NodeSelectorRequirement', ['key', 'values'], 'operator',
          ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
          'core/v1/types.go:3458 +enum type NodeSelectorOperator',
          desc='A node selector requirement'),
    _rule('meta/v1.LabelSelectorRequirement', ['key', 'values'], 'operator',
          ['DoesNotExist', 'Exists', 'In', 'NotIn'],
          MACHINERY_TAG + ' pkg/apis/meta/v1/types.go:1317 type LabelSelectorOperator (consts '
          'In, NotIn, Exists, DoesNotExist)', desc='A label selector requirement',
          note='LabelSelectorOperator has no +enum marker, so /openapi/v3 carries no enum here; '
               'the API server still rejects other values (pkg/apis/meta/v1/validation/'
               'validation.go:87-90 ValidateLabelSelectorRequirement: "not a valid selector '
               'operator"), so the list is enforced'),
    _rule('core/v1.TopologySpreadConstraint', ['maxSkew'], 'whenUnsatisfiable',
          ['DoNotSchedule', 'ScheduleAnyway'],
          'core/v1/types.go:4191 +enum type UnsatisfiableConstraintAction'),
    _rule('core/v1.TopologySpreadConstraint', ['maxSkew'], 'nodeAffinityPolicy',
          ['Honor', 'Ignore'], 'core/v1/types.go:4204 +enum type NodeInclusionPolicy'),
    _rule('core/v1.TopologySpreadConstraint', ['maxSkew'], 'nodeTaintsPolicy',
          ['Honor', 'Ignore'], 'core/v1/types.go:4204 +enum type NodeInclusionPolicy'),
    _rule('core/v1.HostPathVolumeSource', ['path'], 'type',
          ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File',
           'FileOrCreate', 'Socket'], 'core/v1/types.go:915 +enum type HostPathType'),
    _rule('core/v1.AzureDiskVolumeSource', ['diskURI'], 'cachingMode',
          ['None', 'ReadOnly', 'ReadWrite'],
          'core/v1/types.go:1689 +enum type AzureDataDiskCachingMode'),
    _rule('core/v1.AzureDiskVolumeSource', ['diskURI'], 'kind', ['Dedicated', 'Managed', 'Shared'],
          'core/v1/types.go:1692 +enum type AzureDataDiskKind'),
    _rule('core/v1.ImageVolumeSource', ['reference'], 'pullPolicy', PULL, PULL_SRC),
    # core/v1 storage
    _rule('core/v1.PersistentVolumeSpec', ['persistentVolumeReclaimPolicy'], 'accessModes', ACCESS,
          ACCESS_SRC, items=True),
    _rule('core/v1.PersistentVolumeSpec', ['accessModes'], 'persistentVolumeReclaimPolicy',
          ['Delete', 'Recycle', 'Retain'],
          'core/v1/types.go:454 +enum type PersistentVolumeReclaimPolicy'),
    _rule('core/v1.PersistentVolumeSpec', ['persistentVolumeReclaimPolicy'], 'volumeMode',
          ['Block', 'Filesystem'], VMODE_SRC),
    _rule('core/v1.PersistentVolumeStatus', ['lastPhaseTransitionTime'], 'phase',
          ['Available', 'Bound', 'Failed', 'Pending', 'Released'],
          'core/v1/types.go:882 +enum type PersistentVolumePhase'),
    _rule('core/v1.PersistentVolumeClaimSpec', ['dataSourceRef'], 'accessModes', ACCESS,
          ACCESS_SRC, items=True),
    _rule('core/v1.PersistentVolumeClaimSpec', ['dataSourceRef'], 'volumeMode',
          ['Block', 'Filesystem'], VMODE_SRC),
    _rule('core/v1.PersistentVolumeClaimStatus', ['allocatedResourceStatuses'], 'accessModes',
          ACCESS, ACCESS_SRC, items=True),
    _rule('core/v1.PersistentVolumeClaimStatus', ['allocatedResourceStatuses'], 'phase',
          ['Bound', 'Lost', 'Pending'], 'core/v1/types.go:901 +enum type PersistentVolumeClaimPhase'),
    _rule('core/v1.ModifyVolumeStatus', ['targetVolumeAttributesClassName'], 'status',
          ['InProgress', 'Infeasible', 'Pending'],
          'core/v1/types.go:708 +enum type PersistentVolumeClaimModifyVolumeStatus'),
    # core/v1 Service, Namespace, ResourceQuota
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'type',
          ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
          'core/v1/types.go:5270 +enum type ServiceType'),
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'sessionAffinity', ['ClientIP', 'None'],
          'core/v1/types.go:5240 +enum type ServiceAffinity'),
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'externalTrafficPolicy', ['Cluster', 'Local'],
          'core/v1/types.go:5314 +enum type ServiceExternalTrafficPolicy'),
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'internalTrafficPolicy', ['Cluster', 'Local'],
          'core/v1/types.go:5295 +enum type ServiceInternalTrafficPolicy'),
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'ipFamilies', ['', 'IPv4', 'IPv6'],
          'core/v1/types.go:5413 +enum type IPFamily', items=True),
    _rule('core/v1.ServiceSpec', ['clusterIP'], 'ipFamilyPolicy',
          ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
          'core/v1/types.go:5426 +enum type IPFamilyPolicy'),
    _rule('core/v1.ServicePort', ['targetPort'], 'protocol', PROTOCOL, PROTOCOL_SRC),
    _rule('core/v1.PortStatus / networking/v1.IngressPortStatus', ['error', 'port'], 'protocol',
          PROTOCOL, PROTOCOL_SRC),
    _rule('core/v1.NamespaceStatus', ['conditions'], 'phase', ['Active', 'Terminating'],
          'core/v1/types.go:6558 +enum type NamespacePhase', exact=True),
    _rule('core/v1.ResourceQuotaSpec', ['hard'], 'scopes', SCOPES,
          'core/v1/types.go:7255 +enum type ResourceQuotaScope', items=True),
    _rule('core/v1.ScopedResourceSelectorRequirement', ['operator'], 'scopeName', SCOPES,
          'core/v1/types.go:7255 +enum type ResourceQuotaScope'),
    _rule('core/v1.ScopedResourceSelectorRequirement', ['scopeName'], 'operator',
          ['DoesNotExist', 'Exists', 'In', 'NotIn'],
          'core/v1/types.go:7320 +enum type ScopeSelectorOperator'),
    # apps/v1
    _rule('apps/v1.DeploymentStrategy', ['rollingUpdate'], 'type', ['Recreate', 'RollingUpdate'],
          'apps/v1/types.go:443 +enum type DeploymentStrategyType', desc='DeploymentStrategy'),
    _rule('apps/v1.StatefulSetUpdateStrategy', ['rollingUpdate'], 'type',
          ['OnDelete', 'RollingUpdate'],
          'apps/v1/types.go:98 +enum type StatefulSetUpdateStrategyType',
          desc='StatefulSetUpdateStrategy'),
    _rule('apps/v1.DaemonSetUpdateStrategy', ['rollingUpdate'], 'type',
          ['OnDelete', 'RollingUpdate'],
          'apps/v1/types.go:588 +enum type DaemonSetUpdateStrategyType',
          desc='DaemonSetUpdateStrategy'),
    _rule('apps/v1.StatefulSetSpec', ['serviceName'], 'podManagementPolicy',
          ['OrderedReady', 'Parallel'], 'apps/v1/types.go:68 +enum type PodManagementPolicyType'),
    # batch/v1
    _rule('batch/v1.JobSpec', ['backoffLimit'], 'completionMode', ['Indexed', 'NonIndexed'],
          'batch/v1/types.go:104 +enum type CompletionMode'),
    _rule('batch/v1.JobSpec', ['backoffLimit'], 'podReplacementPolicy',
          ['Failed', 'TerminatingOrFailed'], 'batch/v1/types.go:155 +enum type PodReplacementPolicy'),
    _rule('batch/v1.PodFailurePolicyRule', ['onExitCodes'], 'action',
          ['Count', 'FailIndex', 'FailJob', 'Ignore'],
          'batch/v1/types.go:121 +enum type PodFailurePolicyAction'),
    _rule('batch/v1.PodFailurePolicyOnExitCodesRequirement', ['containerName', 'values'],
          'operator', ['In', 'NotIn'],
          'batch/v1/types.go:146 +enum type PodFailurePolicyOnExitCodesOperator'),
    _rule('batch/v1.CronJobSpec', ['jobTemplate'], 'concurrencyPolicy',
          ['Allow', 'Forbid', 'Replace'], 'batch/v1/types.go:788 +enum type ConcurrencyPolicy'),
    # networking/v1, storage/v1, policy/v1
    _rule('networking/v1.NetworkPolicySpec', ['podSelector'], 'policyTypes', ['Egress', 'Ingress'],
          'networking/v1/types.go:51 +enum type PolicyType', items=True),
    _rule('networking/v1.NetworkPolicyPort', ['endPort'], 'protocol', PROTOCOL, PROTOCOL_SRC),
    _rule('networking/v1.HTTPIngressPath', ['backend'], 'pathType',
          ['Exact', 'ImplementationSpecific', 'Prefix'],
          'networking/v1/types.go:447 +enum type PathType'),
    _rule('storage/v1.StorageClass', ['provisioner'], 'volumeBindingMode',
          ['Immediate', 'WaitForFirstConsumer'], 'storage/v1/types.go:100 +enum type VolumeBindingMode'),
    _rule('storage/v1.StorageClass', ['provisioner'], 'reclaimPolicy', ['Delete', 'Retain'],
          'storage/v1/types.go:54 reclaimPolicy *v1.PersistentVolumeReclaimPolicy',
          note='/openapi/v3 lists the full PersistentVolumeReclaimPolicy enum (Delete, Recycle, '
               'Retain) here, but the API server rejects Recycle for a StorageClass '
               '(kubernetes pkg/apis/storage/validation/validation.go: supportedReclaimPolicy = '
               'Delete, Retain), so the stricter list is used'),
    _rule('policy/v1.PodDisruptionBudgetSpec', ['minAvailable'], 'unhealthyPodEvictionPolicy',
          ['AlwaysAllow', 'IfHealthyBudget'],
          'policy/v1/types.go:83 +enum type UnhealthyPodEvictionPolicyType'),
]


def canon(node):
    return json.dumps(node, sort_keys=True, separators=(',', ':'), ensure_ascii=False)


def blob_id(data):
    return hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()


def fail(msg):
    sys.exit('gen-schema-bundle: ' + msg)


# ---- enums -------------------------------------------------------------------------------------

def apply_enum_rules(schema, hits, kind):
    """Adds enums to the raw (unstripped) schema, in place."""
    def visit(node):
        if isinstance(node, dict):
            props = node.get('properties')
            if isinstance(props, dict):
                for i, r in enumerate(ENUM_RULES):
                    if not all(k in props for k in r['keys']):
                        continue
                    if r['exact'] and set(props) != set(r['keys']):
                        continue
                    if r['desc'] and not node.get('description', '').startswith(r['desc']):
                        continue
                    target = props[r['field']]
                    if r['items']:
                        target = target['items']
                    if 'enum' in target and target['enum'] != r['values']:
                        fail('%s: %s.%s already has a different enum' % (kind, r['struct'], r['field']))
                    target['enum'] = list(r['values'])
                    hits[i].add(kind)
            for v in node.values():
                visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)
    visit(schema)


# ---- stripping and strictness ------------------------------------------------------------------

def strip(node, structural=False, in_branch=False):
    """Returns a copy of schema `node` holding only validation keys.

    structural=True (CRD schemas): object schemas outside value-validation branches that neither
    declare additionalProperties nor preserve unknown fields become additionalProperties: false,
    which is what the API server's strict field validation enforces for CRDs."""
    if not isinstance(node, dict):
        fail('schema node is not an object: %r' % (node,))
    out = {}
    for k, v in node.items():
        if k not in KEEP_KEYS:
            continue
        if k == 'properties':
            out[k] = {name: strip(s, structural, in_branch) for name, s in v.items()}
        elif k in ('items', 'not'):
            if not isinstance(v, dict):
                fail('tuple items are not supported')
            out[k] = strip(v, structural, in_branch or k == 'not')
        elif k == 'additionalProperties':
            out[k] = v if isinstance(v, bool) else strip(v, structural, in_branch)
        elif k in BRANCH_KEYS:
            out[k] = [strip(s, structural, True) for s in v]
        elif k == 'format':
            if v in KEEP_FORMATS:
                out[k] = v
        elif k in ('nullable', 'x-kubernetes-preserve-unknown-fields',
                   'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource'):
            if v is True:
                out[k] = True
        else:
            out[k] = v
    if any(k in out for k in BRANCH_KEYS + ('not',)) and isinstance(node.get('properties'), dict):
        # The API server applies defaults before it validates, so oneOf/anyOf branches that test a
        # property see its default when it is absent (Gateway API addresses[].type). Keep exactly
        # those defaults; all others are irrelevant to validation.
        for name, sub in node['properties'].items():
            if isinstance(sub, dict) and 'default' in sub:
                out['properties'][name]['default'] = sub['default']
    if structural and not in_branch:
        if out.get('x-kubernetes-embedded-resource'):
            props = out.setdefault('properties', {})
            props.setdefault('apiVersion', {'type': 'string'})
            props.setdefault('kind', {'type': 'string'})
            props.setdefault('metadata', {'$ref': '#/definitions/' + OBJECT_META_DEF})
        is_object = out.get('type') == 'object' or 'properties' in out
        if (is_object and 'additionalProperties' not in out
                and not out.get('x-kubernetes-preserve-unknown-fields')):
            out['additionalProperties'] = False
    return out


# ---- inputs ------------------------------------------------------------------------------------

def provenance_blobs(ref):
    """Blob ids listed in the reference PROVENANCE.md tables, by file path relative to crds/."""
    text = open(os.path.join(ref, 'PROVENANCE.md'), encoding='utf-8').read()
    blobs = {}
    section = None
    for line in text.splitlines():
        m = re.match(r'^## (crds/[^ ]+)', line)
        if m:
            section = m.group(1).rstrip('/')
        m = re.match(r'^\| ([^ |]+\.yaml)[^|]*\| [^|]*\| ([0-9a-f]{40}) \|', line)
        if m and section:
            blobs[section + '/' + m.group(1)] = m.group(2)
    return blobs


def load_k8s(ref, inputs, hits, skip):
    kinds = []
    files = sorted(glob.glob(os.path.join(ref, K8S_DIR, '*.json')))
    if len(files) < 25:
        fail('expected at least 25 Kubernetes schemas in %s, found %d' % (K8S_DIR, len(files)))
    for path in files:
        data = open(path, 'rb').read()
        rel = os.path.relpath(path, ref)
        schema = json.loads(data)
        gvks = schema.get('x-kubernetes-group-version-kind') or []
        if len(gvks) != 1:
            fail('%s: expected one x-kubernetes-group-version-kind' % rel)
        g, v, k = gvks[0]['group'], gvks[0]['version'], gvks[0]['kind']
        api_version = '%s/%s' % (g, v) if g else v
        props = schema.get('properties') or {}
        if k.endswith('List') or not all(p in props for p in ('apiVersion', 'kind', 'metadata')):
            continue  # lists, options and Status are not objects one applies
        if (api_version, k) in skip:
            continue  # replaced by our schema in data/schemas/ (see load_authored)
        apply_enum_rules(schema, hits, api_version + ' ' + k)
        inputs.append(dict(path=rel, blob=blob_id(data), bytes=len(data), kinds=[api_version + ' ' + k]))
        kinds.append(dict(apiVersion=api_version, group=g, version=v, kind=k, builtin=True,
                          scope='Cluster' if k in K8S_CLUSTER_SCOPED else 'Namespaced',
                          source=rel, schema=strip(schema)))
    return kinds


def authored_kinds():
    out = set()
    for path in glob.glob(os.path.join(REPO, 'data', 'schemas', '*.json')):
        gvk = json.load(open(path, encoding='utf-8'))['x-kubernetes-group-version-kind'][0]
        out.add(('%s/%s' % (gvk['group'], gvk['version']) if gvk['group'] else gvk['version'],
                 gvk['kind']))
    return out


def load_authored(inputs, object_meta):
    """Our own schemas for built-in kinds the reference has none for (data/schemas/)."""
    kinds = []
    for path in sorted(glob.glob(os.path.join(REPO, 'data', 'schemas', '*.json'))):
        data = open(path, 'rb').read()
        rel = 'betelgeuse:' + os.path.relpath(path, REPO)
        schema = json.loads(data)
        gvks = schema.pop('x-kubernetes-group-version-kind')
        g, v, k = gvks[0]['group'], gvks[0]['version'], gvks[0]['kind']
        api_version = '%s/%s' % (g, v) if g else v
        if schema['properties'].get('metadata') != {'$ref': 'ObjectMeta'}:
            fail('%s: metadata must be {"$ref": "ObjectMeta"}' % rel)
        schema = strip(schema)
        schema['properties']['metadata'] = object_meta
        inputs.append(dict(path=rel, blob=blob_id(data), bytes=len(data), kinds=[api_version + ' ' + k]))
        kinds.append(dict(apiVersion=api_version, group=g, version=v, kind=k, builtin=True,
                          scope='Cluster' if k in K8S_CLUSTER_SCOPED else 'Namespaced',
                          source=rel, schema=schema))
    return kinds


def crd_files(ref):
    """CRD inputs in a fixed order; experimental Gateway API files last (they only add versions)."""
    pats = ['crds/cert-manager/*.yaml', 'crds/prometheus-operator/*.yaml',
            'crds/argo-workflows/full/*.yaml', 'crds/cilium/*.yaml',
            'crds/gateway-api/standard/*.yaml', 'crds/gateway-api/experimental/*.yaml']
    out = []
    for p in pats:
        out += sorted(glob.glob(os.path.join(ref, p)))
    return out


def wrap_crd_schema(schema, api_version, kind):
    """Pins apiVersion/kind and validates metadata as ObjectMeta (a CRD's schema leaves them open)."""
    props = schema.setdefault('properties', {})
    props['apiVersion'] = {'type': 'string', 'enum': [api_version]}
    props['kind'] = {'type': 'string', 'enum': [kind]}
    props['metadata'] = {'$ref': '#/definitions/' + OBJECT_META_DEF}
    schema['type'] = 'object'
    return schema


def load_crds(ref, inputs, listed_blobs):
    kinds = []
    served = set()
    for path in crd_files(ref):
        data = open(path, 'rb').read()
        rel = os.path.relpath(path, ref)
        blob = blob_id(data)
        if listed_blobs.get(rel) != blob:
            fail('%s: blob %s does not match PROVENANCE.md (%s)' % (rel, blob, listed_blobs.get(rel)))
        crd = yaml.load(data, Loader=yaml.CSafeLoader)
        spec = crd['spec']
        group, kind, scope = spec['group'], spec['names']['kind'], spec['scope']
        experimental = '/experimental/' in rel
        added = []
        for ver in spec['versions']:
            if not ver.get('served'):
                continue
            key = (group, kind, ver['name'])
            if key in served:
                if experimental:
                    continue  # the standard channel already serves this version
                fail('%s: %s served twice' % (rel, key))
            served.add(key)
            api_version = '%s/%s' % (group, ver['name'])
            schema = strip(ver['schema']['openAPIV3Schema'], structural=True)
            rec = dict(apiVersion=api_version, group=group, version=ver['name'], kind=kind,
                       scope=scope, source=rel, schema=wrap_crd_schema(schema, api_version, kind))
            if ver.get('deprecated'):
                rec['deprecated'] = True
            kinds.append(rec)
            added.append(api_version + ' ' + kind)
        inputs.append(dict(path=rel, blob=blob, bytes=len(data), kinds=added))
    return kinds


# ---- deduplication -----------------------------------------------------------------------------

def schema_children(node):
    """The schema-valued children of a schema node, as (container, key) slots."""
    for k, v in node.items():
        if k == 'properties':
            for name in v:
                yield v, name
        elif k in ('items', 'not') or (k == 'additionalProperties' and isinstance(v, dict)):
            yield node, k
        elif k in BRANCH_KEYS:
            for i in range(len(v)):
                yield v, i


def hoist(roots, definitions):
    """Replaces shared subtrees by $refs. A subtree is hoisted when it would appear at least twice
    in the output (counting each hoisted parent once) and its canonical JSON exceeds
    HOIST_MIN_BYTES. Returns {canonical: def name}."""
    info = {}      # canon -> dict(size, edges: {child canon: multiplicity}, roots: count)
    memo = {}

    def scan(node):
        key = id(node)
        if key in memo:
            return memo[key]
        c = canon(node)
        edges = {}
        for cont, k in schema_children(node):
            cc = scan(cont[k])  # also memoizes every child's canonical form for rewrite()
            edges[cc] = edges.get(cc, 0) + 1
        info.setdefault(c, dict(size=len(c), edges=edges))
        memo[key] = c
        return c

    root_canons = [scan(r) for r in roots]
    # Parents are strictly larger than their children, so size order is a topological order.
    order = sorted(info, key=lambda c: (-info[c]['size'], c))
    count = {c: 0 for c in info}
    for rc in root_canons:
        count[rc] += 1
    hoisted = {}
    for c in order:
        is_root = c in root_canons
        if not is_root and count[c] >= 2 and info[c]['size'] > HOIST_MIN_BYTES:
            hoisted[c] = None
        weight = 1 if c in hoisted else count[c]
        for cc, m in info[c]['edges'].items():
            count[cc] += m * weight
    names = {}
    for c in sorted(hoisted):
        name = hashlib.sha256(c.encode('utf-8')).hexdigest()[:10]
        if name in names.values():
            fail('definition id collision: ' + name)
        names[c] = name

    def rewrite(node):
        out = {}
        for k, v in node.items():
            if k == 'properties':
                out[k] = {n: ref_or(s) for n, s in v.items()}
            elif k in ('items', 'not') or (k == 'additionalProperties' and isinstance(v, dict)):
                out[k] = ref_or(v)
            elif k in BRANCH_KEYS:
                out[k] = [ref_or(s) for s in v]
            else:
                out[k] = v
        return out

    def ref_or(node):
        c = memo[id(node)]
        if c in names:
            if names[c] not in definitions:
                definitions[names[c]] = None  # reserve before recursing
                definitions[names[c]] = rewrite(node)
            return {'$ref': '#/definitions/' + names[c]}
        return rewrite(node)

    new_roots = [rewrite(r) for r in roots]
    return new_roots, names


# ---- output ------------------------------------------------------------------------------------

def build(ref):
    hits = [set() for _ in ENUM_RULES]
    inputs = []
    k8s = load_k8s(ref, inputs, hits, authored_kinds())
    for i, r in enumerate(ENUM_RULES):
        if not hits[i]:
            fail('enum rule %s.%s matched nothing' % (r['struct'], r['field']))
    metas = {canon(k['schema']['properties']['metadata']) for k in k8s}
    if len(metas) != 1:
        fail('built-in kinds disagree on ObjectMeta')
    object_meta = k8s[0]['schema']['properties']['metadata']
    authored = load_authored(inputs, object_meta)
    crds = load_crds(ref, inputs, provenance_blobs(ref))
    kinds = sorted(k8s + authored + crds, key=lambda k: (k['group'], k['kind'], k['version']))

    definitions = {}
    roots = [k['schema'] for k in kinds]
    new_roots, names = hoist(roots, definitions)
    om = canon(object_meta)
    if om not in names:
        fail('ObjectMeta was not hoisted')
    # Give ObjectMeta its readable name: CRD wrappers (and SchemaSet::add_crd) refer to it.
    om_hash = names[om]
    text = json.dumps([new_roots, definitions], sort_keys=True, separators=(',', ':'))
    new_roots, definitions = json.loads(text.replace('"#/definitions/%s"' % om_hash,
                                                     '"#/definitions/%s"' % OBJECT_META_DEF))
    definitions[OBJECT_META_DEF] = definitions.pop(om_hash)
    if '"#/definitions/ObjectMeta"' not in canon(new_roots):
        fail('no kind refers to ObjectMeta')
    for k, r in zip(kinds, new_roots):
        k['schema'] = r

    enums = []
    for i, r in enumerate(ENUM_RULES):
        e = dict(struct=r['struct'], field=r['field'] + ('[]' if r['items'] else ''),
                 values=r['values'], source=(r['src'] if r['src'].startswith('kubernetes/')
                                             else API_TAG + ' ' + r['src']),
                 kinds=len(hits[i]))
        if r['note']:
            e['note'] = r['note']
        enums.append(e)
    groups = sorted({k['group'] for k in kinds if k.get('builtin')} | set(BUILTIN_GROUPS_EXTRA))
    return dict(kinds=kinds, definitions=definitions, inputs=inputs, enums=enums,
                builtin_groups=groups)


def render_bundle(b):
    """One kind or definition per line: compact, yet diffs stay readable."""
    dump = lambda v: json.dumps(v, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
    head = dict(
        format=BUNDLE_FORMAT,
        generator='scripts/gen-schema-bundle.py',
        license='Apache-2.0; derived from Kubernetes, cert-manager, prometheus-operator, Argo '
                'Workflows, Cilium and Gateway API schemas (see data/SCHEMA-PROVENANCE.md)',
        inputs=b['inputs'],
        builtin_groups=b['builtin_groups'],
        enums=b['enums'],
        enum_ordering=OPENAPI_NOTE,
    )
    lines = ['{"bundle":' + dump(head) + ',', '"definitions":{']
    defs = sorted(b['definitions'].items())
    for i, (name, d) in enumerate(defs):
        lines.append(dump(name) + ':' + dump(d) + (',' if i + 1 < len(defs) else ''))
    lines.append('},')
    lines.append('"kinds":[')
    for i, k in enumerate(b['kinds']):
        lines.append(dump(k) + (',' if i + 1 < len(b['kinds']) else ''))
    lines.append(']}')
    return '\n'.join(lines) + '\n'


def render_provenance(b, bundle_text):
    out = []
    w = out.append
    w('# Provenance of data/schema-bundle.json')
    w('')
    w('Generated by `scripts/gen-schema-bundle.py`; do not edit the bundle by hand. Regenerate from')
    w('the repo root with:')
    w('')
    w('```')
    w('/usr/bin/python3 scripts/gen-schema-bundle.py ../shared/reference')
    w('/usr/bin/python3 scripts/gen-schema-bundle.py ../shared/reference --check   # verify only')
    w('```')
    w('')
    w('The script needs Debian\'s python3-yaml and nothing else. Same inputs give the same bytes.')
    w('')
    w('Bundle: %d bytes, %d kinds (apiVersion+kind), %d shared definitions, format `%s`.'
      % (len(bundle_text.encode('utf-8')), len(b['kinds']), len(b['definitions']), BUNDLE_FORMAT))
    w('')
    w('## Inputs')
    w('')
    w('Paths are relative to `../shared/reference/` (see its PROVENANCE.md for where each file was')
    w('taken from: upstream repository, tag and commit). "Blob" is the git blob id of the input file')
    w('(`git hash-object`); for the CRDs the script checks it against the blob listed in that')
    w('PROVENANCE.md and refuses to run on a mismatch. Rows starting `betelgeuse:` are files of this')
    w('repository, written by us from the Kubernetes API reference for admissionregistration.k8s.io/v1')
    w('(written before the reference had those kinds; they replace its two files, which lack the')
    w('enums): strict, every field of the 1.32 types, enums as the API server enforces them; metadata')
    w('is the built-in ObjectMeta. Every kind row of `k8s-schemas/` and `betelgeuse:` is a built-in')
    w('kind (`"builtin": true` in the bundle).')
    w('')
    w('| Input | Blob | Bytes | Kinds taken |')
    w('|---|---|---|---|')
    for i in b['inputs']:
        w('| %s | %s | %d | %s |' % (i['path'], i['blob'], i['bytes'], ', '.join(i['kinds']) or '-'))
    w('')
    w('Not used: `crds/argo-workflows/minimal/` (spec/status are unvalidated there) and')
    w('`crds/cilium/jsonschema-datree/` (MIT-licensed third-party conversion of the same Cilium CRDs;')
    w('the YAML CRDs are the upstream source). From the Gateway API experimental channel only the')
    w('versions the standard channel does not serve are taken (TLSRoute v1alpha2/v1alpha3, TCPRoute')
    w('and UDPRoute v1alpha2); every other kind/version comes from the standard channel. Only')
    w('versions with `served: true` are included.')
    w('')
    w('## Licence')
    w('')
    w('All inputs are Apache-2.0: Kubernetes (kubernetes/kubernetes, via the yannh/openapi2jsonschema')
    w('"standalone-strict" output stored in redacid/k8s-json-scheme), cert-manager, prometheus-operator,')
    w('Argo Workflows, Cilium (cilium/cilium, files from the pippolo84/cilium v1.18 branch) and')
    w('Gateway API (kubernetes-sigs/gateway-api). The bundle is a derived work of those schemas;')
    w('this attribution must stay with it.')
    w('')
    w('## What was changed')
    w('')
    w('* **Stripped** (no effect on validation): `description`, `default` (see below), `example`,')
    w('  `title`, `$schema`, `x-kubernetes-group-version-kind` (kept as the kind record instead),')
    w('  `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`,')
    w('  `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`, `x-kubernetes-unions`,')
    w('  `discriminator`/`fields-to-discriminateBy`, `x-kubernetes-validations` (CEL rules: **not')
    w('  checked** by Betelgeuse), and `format` values other than int32/int64/byte. `nullable: false`')
    w('  and `x-kubernetes-preserve-unknown-fields: false` (the defaults) are dropped.')
    w('* **Kept**: type, properties, additionalProperties, required, items, enum, const,')
    w('  oneOf/anyOf/allOf/not, min/max (length, items, properties, value), pattern, multipleOf,')
    w('  nullable, x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields,')
    w('  x-kubernetes-embedded-resource; and `default`, but only on the properties of an object')
    w('  schema that also has oneOf/anyOf/allOf/not (the API server applies defaults before it')
    w('  validates, and such branches may test a defaulted field, e.g. Gateway `addresses[].type`).')
    w('* **CRDs made strict**: outside oneOf/anyOf/allOf/not branches, an object schema without')
    w('  `additionalProperties` and without `x-kubernetes-preserve-unknown-fields` gets')
    w('  `additionalProperties: false` (unknown fields are rejected by the API server\'s strict field')
    w('  validation, kubectl\'s default). Each CRD version is wrapped: `apiVersion` and `kind` get a')
    w('  one-value enum and `metadata` refers to `#/definitions/ObjectMeta`, the ObjectMeta schema of')
    w('  the built-in Kubernetes 1.32.2 schemas (identical in all of them).')
    w('* **Deduplicated**: subtrees that would occur at least twice (after hoisting their parents)')
    w('  and whose canonical JSON is longer than %d bytes live once under `definitions`, named by the'
      % HOIST_MIN_BYTES)
    w('  first 10 hex digits of the SHA-256 of their canonical JSON (ObjectMeta keeps a readable')
    w('  name), and are referenced with `{"$ref": "#/definitions/<id>"}`.')
    w('* **Enums added** to the built-in schemas, listed below.')
    w('')
    w('## Enums')
    w('')
    w('Kubernetes 1.32\'s `/openapi/v3` documents carry `enum` lists for string types marked `+enum`')
    w('in the Go API types; the v2-derived standalone schemas do not. The script adds them. Sources:')
    w('')
    w('* The Go types at **%s**: each `// +enum` type and its const values,' % API_TAG)
    w('  read from the repository snapshot (workplace `fetch` of github:kubernetes/api), line numbers')
    w('  below are the `type X string` declarations at that tag.')
    w('* **kubernetes/kube-openapi** `pkg/generators/enum.go` (unchanged since commit')
    w('  af4151f46ddeb28d0cbb287aad8ee09a4f06d427, 2024-02-27, i.e. what 1.32 used): the generator')
    w('  emits the const values of an `+enum` type as the OpenAPI `enum`, sorted (`sort.Strings`);')
    w('  so the lists here are sorted too.')
    w('* Cross-checks with the workplace `search` tool (code corpus): generated Kubernetes clients')
    w('  carry the v3 text "Possible enum values: - `\\"Always\\"` ... `\\"IfNotPresent\\"` ...')
    w('  `\\"Never\\"`" for Container.imagePullPolicy (same order as here); kubernetes')
    w('  `pkg/apis/storage/validation/validation.go` `supportedReclaimPolicy` = Delete, Retain.')
    w('* Two lists are **not** OpenAPI v3 enums and are marked so in the table: label selector')
    w('  `operator` (no `+enum` marker; enforced by apimachinery validation) and StorageClass')
    w('  `reclaimPolicy` (v3 lists Recycle too; validation forbids it).')
    w('')
    w('A rule finds a struct\'s schema node by a set of property names (plus a description prefix')
    w('where two structs share their fields); the script fails if a rule matches nothing. A value of')
    w('`null` stays allowed wherever the schema type allows null.')
    w('')
    w('| Go struct | Field | Values | Source | Kinds hit |')
    w('|---|---|---|---|---|')
    for e in b['enums']:
        src = e['source'].replace(API_TAG + ' ', '')
        if 'note' in e:
            src += ' — ' + e['note']
        vals = ', '.join('`%s`' % v if v else '`""`' for v in e['values'])
        w('| %s | %s | %s | %s | %d |' % (e['struct'], e['field'], vals, src.replace('|', '\\|'),
                                          e['kinds']))
    w('')
    w('## Known gaps')
    w('')
    w('* CEL rules (`x-kubernetes-validations`), list uniqueness (`x-kubernetes-list-type: set|map`),')
    w('  and string formats other than int32/int64/byte are not checked.')
    w('* Built-in kinds of Kubernetes 1.32 are those of `k8s-schemas/` that one applies: a single')
    w('  `x-kubernetes-group-version-kind`, `apiVersion`/`kind`/`metadata` properties, not a `*List`')
    w('  kind (lists, options, Status and request-only kinds such as Binding, Eviction, Scale,')
    w('  TokenRequest and the *Review kinds are not objects one applies; the reference holds none of')
    w('  them). Absent: `storage.k8s.io/v1` VolumeAttachment and the read-only v1 ComponentStatus (not')
    w('  in the reference), alpha and beta APIs, and Kubernetes versions other than 1.32.2. `check`')
    w('  reports a kind of a built-in group (`builtin_groups` in the bundle header) without the')
    w('  `--crd` hint.')
    w('* The admission webhook configurations come from `data/schemas/` (written before the reference')
    w('  had them; they carry the enums the API server enforces), not from the reference\'s files.')
    return '\n'.join(out) + '\n'


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    check = '--check' in argv
    ref = args[0] if args else os.path.join(REPO, '..', 'shared', 'reference')
    b = build(ref)
    bundle = render_bundle(b)
    prov = render_provenance(b, bundle)
    outputs = {os.path.join(REPO, 'data', 'schema-bundle.json'): bundle,
               os.path.join(REPO, 'data', 'SCHEMA-PROVENANCE.md'): prov}
    stale = []
    for path, text in outputs.items():
        old = open(path, encoding='utf-8').read() if os.path.exists(path) else None
        if old != text:
            stale.append(path)
            if not check:
                with open(path, 'w', encoding='utf-8', newline='\n') as f:
                    f.write(text)
    if check and stale:
        print('gen-schema-bundle: out of date: ' + ', '.join(stale))
        return 1
    print('gen-schema-bundle: %d kinds, %d definitions, %d bytes%s' % (
        len(b['kinds']), len(b['definitions']), len(bundle.encode('utf-8')),
        '' if check else (' (written)' if stale else ' (unchanged)')))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

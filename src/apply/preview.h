// What apply would do, without doing it: `betelgeuse plan --kubeconfig` and `betelgeuse diff`.
//
// preview() walks the same waves apply would, reads each object live and classifies it (create,
// update, unchanged — the same rule apply uses to skip writes, so the preview never disagrees
// with the run), and lists what prune would delete or keep. diff_text() adds the detail: for each
// object that would change, a server-side apply with dryRun=All gives the object as the server
// would store it, and the unified diff against live is shown with noise and secret values
// removed (object_diff.h). Kinds the cluster does not serve are found first (served.h): their
// objects are listed in `unserved`, apply would refuse to start, and the diff shows them as they
// would be sent.
#pragma once

#include <string>
#include <vector>

#include "apply/cluster.h"
#include "apply/drift.h"
#include "apply/engine.h"
#include "apply/served.h"
#include "common/text_diff.h"

namespace bg::apply {

struct PreviewItem {
  std::string object;  // ObjectRef::str()
  WriteNeed need = WriteNeed::kNone;
  nlohmann::json desired;  // what apply would send (Secrets with live values kept)
  nlohmann::json live;     // null when absent
  // Its kind (a CustomResourceDefinition) or its Namespace comes with this same apply, so the
  // server cannot dry-run it yet; the diff shows the object as it would be sent. So are objects
  // of kinds the cluster does not serve.
  bool pending = false;
};

struct PreviewWave {
  std::string name;
  std::vector<PreviewItem> items;
};

struct Preview {
  std::vector<PreviewWave> waves;
  std::vector<PreviewItem> prune;  // objects apply would delete (live set, desired null)
  std::vector<PreviewItem> keep;   // objects no longer rendered but kept for their data
  std::vector<UnservedKind> unserved;  // kinds apply would need and the cluster does not serve
  int creates = 0, updates = 0, unchanged = 0;
};

Result<Preview> preview(Cluster& cluster, ApplyInput input, bool prune_data = false);

// The unified diffs of every change in `p`, in wave order ("" when nothing would change).
Result<std::string> diff_text(Cluster& cluster, const Preview& p, DiffOptions options);

}  // namespace bg::apply

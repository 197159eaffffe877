// The crds trait: a component's CustomResourceDefinitions, rendered only while it is enabled.
//
// The CRDs are the built-in files its blueprint names (catalog/crds.h), unchanged but for the
// platform's labels, so one apply installs them before anything uses them: the apply engine puts
// CRDs in its first wave and waits for them to be Established. Owning them through the component
// means switching it off removes its CRDs from the render; prune still never deletes a CRD without
// an explicit flag, so custom resources survive a mistake.
#include "catalog/crds.h"
#include "render/context.h"

namespace bg::render {

void render_crds(const RenderContext& ctx, const platform::Component& c) {
  for (const std::string& file : c.blueprint->crds) {
    const Json* crd = catalog::find_crd(file);
    if (crd) ctx.add(*crd, &c, "crds");  // a missing file is a catalog error, reported on load
  }
}

}  // namespace bg::render

# Stands in for /etc/jupyter/jupyter_server_config.py of jupyter/docker-stacks' base-notebook image
# in Jupyter's contract test: the same settings. The server listens on every address, opens no
# browser, deletes files outright (no trash folder), and applies NB_UMASK (octal) to itself and its
# kernels when it is set. Not modelled: GEN_CERT (a self-signed certificate made by openssl at
# start; the render does not set it) and the inline backend's figure formats (matplotlib's, not in
# the base image).
import os

c = get_config()  # noqa: F821 (Jupyter's config loader provides it)
c.ServerApp.ip = ""
c.ServerApp.open_browser = False
c.FileContentsManager.delete_to_trash = False
if "NB_UMASK" in os.environ:
    os.umask(int(os.environ["NB_UMASK"], 8))

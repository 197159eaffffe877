#!/usr/bin/env python
"""Stands in for /usr/local/bin/start-notebook.py of jupyter/docker-stacks' base-notebook image
(its CMD) in Jupyter's contract test, doing what the image's script does: under a JupyterHub
(JUPYTERHUB_API_TOKEN set) it hands over to start-singleuser.py, which is not modelled (exit 2);
otherwise it runs `jupyter ${DOCKER_STACKS_JUPYTER_CMD:-lab}`, through run-one-constantly when
RESTARTABLE=yes (not modelled either), followed by the words of NOTEBOOK_ARGS (split as a shell
would) and its own arguments."""
import os
import shlex
import sys

if "JUPYTERHUB_API_TOKEN" in os.environ or os.environ.get("RESTARTABLE") == "yes":
    sys.exit("start-notebook.py stand-in: JupyterHub's start-singleuser.py and RESTARTABLE are not modelled")
argv = ["jupyter", os.environ.get("DOCKER_STACKS_JUPYTER_CMD", "lab")]
argv += shlex.split(os.environ.get("NOTEBOOK_ARGS", ""))
argv += sys.argv[1:]
print("Executing: " + " ".join(argv), flush=True)
os.execvp(argv[0], argv)

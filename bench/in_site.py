"""Run a bench module's main() inside the site, with the settings of the environment, and
print what it returns as JSON: `python bench/in_site.py fill organizer`."""

import importlib
import json
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

if __name__ == "__main__":
    module = importlib.import_module(sys.argv[1])
    print(json.dumps(module.main(*sys.argv[2:])))

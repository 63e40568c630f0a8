import sys

from shellhooks.cli import main

sys.exit(main())

import sys

from kpi.build.cli import main

sys.exit(main())

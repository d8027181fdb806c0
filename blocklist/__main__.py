from blocklist.cli import main

raise SystemExit(main())

from worksafety.cli import main

main()

from gluteus.cli import main

main()

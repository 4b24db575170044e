from ansinh.cli import main

main()

from alpaco_gen.cli import main

main()

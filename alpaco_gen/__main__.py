from alpaco_gen.cli import run

run()

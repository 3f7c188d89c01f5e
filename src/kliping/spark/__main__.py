"""spark-submit entry: `spark-submit [options] path/to/kliping/spark/__main__.py INPUT... --out DIR`.

Also `python -m kliping.spark INPUT... --out DIR`. Same arguments as `kliping spark`; under
spark-submit the master and the rest of the Spark settings come from spark-submit.
Absolute imports: spark-submit runs this file as a script, not as part of the package.
"""
import sys

from kliping.spark.job import main

if __name__ == "__main__":
    sys.exit(main())

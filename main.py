"""Start the annotating window: python main.py [STORE]"""
from annotator.gui.app import main

main()

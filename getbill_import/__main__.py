from getbill_import.cli import main

if __name__ == "__main__":
    main()

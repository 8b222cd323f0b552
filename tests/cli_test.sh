#!/bin/sh
echo "cli tests not written yet"; exit 1

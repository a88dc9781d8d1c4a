"""Tests of synth and bench at tiny sizes."""

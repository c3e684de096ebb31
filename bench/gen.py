#!/usr/bin/env python3
"""bench/gen.py - generates a storyc project of N shots, for `make bench`.

  gen.py N DIR      writes DIR/series.story, DIR/cast.story, DIR/epNNN.story

Episodes of 100 shots (10 scenes of 10 shots), a cast of 40 characters and
20 places, one line of dialogue every third shot, a music cue per scene.
About 170 bytes of .story per shot, so 100,000 shots are about 17 MB.
"""
import os
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rnd = random.Random(7)
words = ("storm tide ember jade willow ash crane lantern frost river cliff moon thunder silk "
         "smoke bronze mist pine reed shadow").split()

with open(os.path.join(out, "series.story"), "w") as f:
    f.write('import "std/styles/guofeng"\n')
    f.write('series "Bench" { format: vertical_720p style: guofeng.ink_wash language: "en" }\n')
    f.write('style night extends guofeng.ink_wash { prompt: "night, moonlight" negative: "daylight" }\n')

with open(os.path.join(out, "cast.story"), "w") as f:
    for i in range(40):
        f.write('character c%d "Hero %d" { look: "%s %s warrior, %s robe" voice: "%s" seed: %d }\n' % (
            i, i, rnd.choice(words), rnd.choice(words), rnd.choice(words),
            rnd.choice(["male, young", "female, old", "male, deep"]), 1000 + i))
    for i in range(20):
        f.write('place p%d "Place %d" { look: "%s valley, %s sky" }\n' % (i, i, rnd.choice(words), rnd.choice(words)))
    for i in range(10):
        f.write('music m%d { prompt: "guzheng, %s mood, %d bpm" length: 40s }\n' % (i, rnd.choice(words), 70 + i))

shots_per_ep = 100
eps = (n + shots_per_ep - 1) // shots_per_ep
shot = 0
for e in range(1, eps + 1):
    with open(os.path.join(out, "ep%05d.story" % e), "w") as f:
        f.write('episode %d "Episode %d" {\n' % (e, e))
        for s in range(10):
            if shot >= n:
                break
            f.write('  scene s%d at p%d {\n    cue m%d at 0s fade 1s\n' % (s, rnd.randrange(20), rnd.randrange(10)))
            for k in range(10):
                if shot >= n:
                    break
                c = rnd.randrange(40)
                f.write('    shot %s 4s {\n      prompt: "{c%d} crosses the %s %s at dusk, %s light over the %s, %s in the air"\n'
                        '      camera: %s\n' % (
                            rnd.choice(["wide", "medium", "closeup"]), c, rnd.choice(words), rnd.choice(words),
                            rnd.choice(words), rnd.choice(words), rnd.choice(words),
                            rnd.choice(["static", "push_in", "pan_left"])))
                if shot % 3 == 0:
                    f.write('      c%d "The %s is %s tonight."\n' % (c, rnd.choice(words), rnd.choice(words)))
                f.write('    }\n')
                shot += 1
            f.write('  }\n')
        f.write('}\n')

"""One receiver on a weak link, in real Chromium: what she still gets of the intervenante.

    unshare --net -- sh -c 'ip link set lo up && .venv/bin/python bench/weak_link.py [--json] [--short]'

The web app and the media node run on loopback (as in bench/join_time.py). The intervenante and one
unshaped participante run in one Chromium; the shaped participante runs in a second Chromium inside a
child network namespace joined to this one by a veth pair (10.77.0.1 here, 10.77.0.2 there;
live/shaped_link.py, shared with the suite's short test in tests/browser/test_room_adapt.py). Her
HTTP and websocket reach the site through two small TCP forwarders; her media goes over the veth,
where the node's side has `tc tbf` for the rate and a TUN relay of our own (bench/impair.py) for loss
and delay (this kernel has no `netem`). Phases: 10 Mbit/s (warm-up), 800 kbit/s with 3 % loss and
150 ms RTT, 300 kbit/s with the same loss and delay, back to 10 Mbit/s without loss.

Measured from her page's getStats(): the intervenante's video frames per second, freezes (Chromium's
freezeCount) and the longest gap between decoded frames; audio concealment (concealed minus silent
concealed samples over samples received, over every voice she receives); whether « Connexion faible »
shows; after the link is back, the seconds until the intervenante's video runs at the resolution
and frame rate the unshaped participante gets of it meanwhile (80 % of it, at most 25 fps: on a
loaded machine the publisher's encoder lowers both). ``others_fps``: the intervenante's video on the
unshaped participante's page meanwhile (None when that page's getStats() did not answer within 3 s).
``node``: the media node's NACKs, retransmissions (sent and skipped) and key frames asked, per phase.
``publisher``: what encoding the camera and its copy costs the intervenante's browser. With --json
the last line is one JSON object.

Before the camera's copy and the padding probes (2026-12-06/07, phases of 15-30 s, load 6-13), the
intervenante's video at 800 kbit/s ran at 0.3-21.9 fps, mostly under 6 (1.6 and 5.8 fps in two runs of
2026-12-07 on a quieter machine), and full quality came back after 21-56 s or not within 60 s: her
browser's REMB fell from ~690 to 40-120 kbit/s when the 150 ms delay started and grew back only with
what flowed (receive-side REMB; aiortc has no transport-cc), and temporal layers alone only lower the
frame rate with the bitrate.

With the quarter-size copy (`camera-low`) and links probed with padding (2026-12-07, phases of 30 s,
three runs, load average 4.4-7.0 with another engineer's tests running):

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps / longest gap / concealed   recovery  others
  1    19.0 / 0.0 s / 2.26 %                       11.2 / 7.84 s / 3.42 %                      4.4 s     24.0 fps
  2    21.8 / 0.0 s / 2.08 %                        6.9 / 15.04 s / 4.56 %                     10.7 s    24.0 fps
  3    21.3 / 0.0 s / 2.17 %                        7.3 / 6.04 s / 4.70 %                      8.6 s     24.0 fps

The drop to 300 kbit/s was where it was weakest: the link's queue (0.6 s: tbf's 200 ms at that rate
plus its 16 kB burst) filled, she lost a third of her packets, and the node answered every NACK:
8,400 retransmissions in 13 s, up to 1,700 a second, kept her link full (tbf at its limit, 8,600
drops) after every video had been paused for her; the cuts that followed paused both videos for
6-17 s. Then (same day, phases of 30 s, load average 3-6 from this bench alone), with retransmissions
bounded by her link, cuts stopping at the speaker's lowest level while more flows, and probes judged
only on what her reports say of them:

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps (unpaused) / paused / longest gap / concealed   recovery
  21   19.8 / 0.0 s / 2.22 %                       11.7 (12.9) / 2.6 s / 3.94 s / 2.78 %                          8.8 s
  22   22.2 / 0.0 s / 2.77 %                        7.8 (8.6) / 2.8 s / 3.62 s / 4.36 %                           6.5 s
  23   18.8 / 2.16 s / 2.06 %                       6.9 (7.7) / 3.1 s / 9.45 s / 3.63 %                          11.3 s
  24   20.2 / 0.0 s / 2.17 %                        8.0 (9.3) / 4.1 s / 4.89 s / 3.29 %                           8.4 s
  25   19.9 / 0.25 s / 2.25 %                       7.1 (7.8) / 2.6 s / 3.61 s / 5.07 %                          10.7 s

Then (2026-12-07, later, same phases, load average 3-6 from this bench alone) the node's log showed,
in two runs of five, every switch between the camera and its copy in one direction followed by key
frame requests 3.2 and 6.4 s later: a 3-6 s freeze (a gap of 2.85 s at 800 kbit/s, a recovery of 17 s).
The copy's VP8 picture ids ran behind or ahead of the camera's (Chromium drops frames whose picture id
is not ahead of the last it decoded, most likely); picture ids and TL0PICIDX now continue across a
switch, and none of the 17 runs after showed that pattern. With that,
refused probes waiting 2 s at most, a probe that lost and queued nothing reaching twice what flows, and
the speaker paused only for a queue or 30 % lost (runs d1-d5, e1-e4, h1-h5; d5 shared its first 30 s
with another run by mistake):

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps (unpaused) / paused / longest gap / concealed   recovery
  d1   20.6 / 0.26 s / 2.37 %                      11.6 (11.6) / 0.0 s / 1.29 s / 3.40 %                          8.6 s
  d2   21.0 / 0.0 s / 2.73 %                        7.2 (7.2) / 0.3 s / 3.65 s / 4.89 %                           8.6 s
  d3   20.2 / 0.0 s / 2.28 %                        9.9 (11.8) / 4.7 s / 3.64 s / 3.52 %                          4.5 s
  d4   13.3 / 0.27 s / 2.30 %                      13.0 (13.9) / 1.8 s / 1.83 s / 2.18 %                          6.5 s
  d5   20.1 / 0.26 s / 2.56 %                       7.3 (7.9) / 2.1 s / 3.40 s / 4.62 %                           6.5 s
  e1   19.5 / 0.26 s / 2.41 %                      14.7 (14.7) / 0.0 s / 1.31 s / 2.59 %                          6.5 s
  e2   20.6 / 0.0 s / 2.25 %                       12.4 (12.7) / 0.8 s / 1.03 s / 2.25 %                          6.5 s
  e3   19.8 / 0.26 s / 2.56 %                      11.1 (11.1) / 0.0 s / 2.08 s / 3.38 %                          6.5 s
  e4   20.1 / 0.26 s / 2.41 %                       9.6 (9.6) / 0.0 s / 3.11 s / 4.10 %                           8.6 s
  h1   20.2 / 0.26 s / 2.03 %                      11.0 (11.0) / 0.0 s / 1.33 s / 3.66 %                          8.6 s
  h2   20.1 / 0.0 s / 2.05 %                        7.3 (8.0) / 2.6 s / 2.60 s / 4.36 %                           6.5 s
  h3   18.9 / 0.0 s / 2.33 %                        7.2 (7.6) / 1.8 s / 6.52 s / 3.94 %                           6.5 s
  h4   19.7 / 0.0 s / 2.80 %                       12.2 (12.2) / 0.0 s / 0.78 s / 3.37 %                          6.6 s
  h5   20.1 / 0.0 s / 2.59 %                        9.5 (10.1) / 1.8 s / 3.16 s / 3.96 %                           4.4 s

In d4 the node sent no probe for 10 s early in the 800 kbit/s phase, and the camera came back only
after 29 s of the phase: 13.3 fps over its 30 s, a dead zone of adapt.plan (a next step a few percent
above what flows or was proven was neither taken nor probed for).

Then (2026-12-07, next session, same phases, load average 4-7 from this bench alone), batch by
batch, each on the code of the one before plus one change:

  k  a step a few percent above what is known is probed for when that is all it needs (d4's dead zone)
  m  her NACKs for lost probe padding answered with padding (at 800 kbit/s, 97-110 NACKs per 30 s
     instead of 681-1,290)
  n  a probe's padding fills what her media leaves of the rate it tests, as it is sent (it was added
     on top of what the meters said: media jumped with the step just taken, and a probe sent up to
     1.3 times what it then proved)
  p  a probe counts as roomy only when none of 100 packets was lost: taken back (recovery 10.8 and
     11.1 s)
  q  another video comes back only with room for its key frame within a second; a step that meets
     congestion within 6 s of the probe that proved it sets a ceiling
  r  after a roomy probe the next tests as far as it may, past the next step: dropped (four runs of
     four at 5.4-6.0 fps unpaused at 300 kbit/s)
  s, t  her speaker's video never sent below 7 fps, paused instead

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps (unpaused) / paused / longest gap / concealed   recovery
  k1   20.1 / 0.0 s / 2.08 %                      12.6 (13.6) / 2.2 s / 2.16 s / 2.37 %          6.8 s
  k2   20.6 / 0.0 s / 1.71 %                      10.4 (10.4) / 0.0 s / 3.65 s / 3.00 %          8.7 s
  k3   19.3 / 0.0 s / 2.81 %                      10.2 (10.2) / 0.0 s / 3.35 s / 3.11 %          4.4 s
  k4   20.0 / 0.26 s / 2.69 %                     13.7 (13.7) / 0.0 s / 0.52 s / 3.05 %          8.6 s
  k5   19.8 / 0.0 s / 2.33 %                      4.7 (5.6) / 4.9 s / 5.51 s / 3.80 %            8.7 s
  k6   20.6 / 0.0 s / 2.34 %                      11.9 (11.9) / 0.0 s / 0.8 s / 2.81 %           4.8 s
  m1   20.5 / 0.0 s / 2.54 %                      7.9 (9.4) / 4.9 s / 4.87 s / 4.75 %            6.8 s
  m2   21.2 / 0.26 s / 2.32 %                     9.5 (9.5) / 0.0 s / 2.88 s / 2.62 %            4.4 s
  n1   19.5 / 0.0 s / 1.94 %                      8.5 (8.9) / 1.6 s / 3.17 s / 4.06 %            2.3 s
  n2   19.0 / 0.0 s / 2.29 %                      14.3 (14.3) / 0.0 s / 0.79 s / 2.47 %          6.8 s
  n3   20.3 / 0.0 s / 2.78 %                      9.1 (9.1) / 0.0 s / 3.11 s / 3.67 %            4.4 s
  n4   19.7 / 0.0 s / 2.07 %                      10.5 (10.8) / 0.8 s / 2.35 s / 4.95 %          4.3 s
  n5   19.1 / 0.27 s / 2.59 %                     6.5 (7.0) / 1.8 s / 3.15 s / 4.13 %            8.6 s
  n6   19.3 / 0.26 s / 1.91 %                     5.1 (5.5) / 2.4 s / 2.93 s / 4.18 %            6.6 s
  p1   18.6 / 0.26 s / 2.70 %                     4.6 (5.3) / 4.0 s / 5.48 s / 4.65 %            10.8 s
  p2   20.7 / 0.0 s / 2.11 %                      10.6 (10.6) / 0.0 s / 3.4 s / 4.42 %           8.8 s
  p3   20.0 / 0.0 s / 2.67 %                      5.4 (6.1) / 3.6 s / 3.9 s / 5.66 %             4.4 s
  p4   21.1 / 0.0 s / 2.27 %                      10.1 (10.1) / 0.0 s / 3.66 s / 4.47 %          6.5 s
  p5   19.8 / 0.26 s / 2.58 %                     8.7 (9.2) / 1.6 s / 3.55 s / 4.98 %            11.1 s
  p6   20.5 / 0.27 s / 2.03 %                     6.0 (6.0) / 0.0 s / 3.64 s / 5.72 %            8.4 s
  q1   19.8 / 0.0 s / 3.23 %                      6.3 (7.2) / 3.9 s / 5.14 s / 3.14 %            6.4 s
  q2   20.4 / 0.25 s / 2.40 %                     10.0 (10.7) / 2.1 s / 2.82 s / 3.86 %          10.6 s
  q3   20.2 / 0.0 s / 2.62 %                      7.4 (8.1) / 2.6 s / 3.39 s / 5.35 %            6.5 s
  q4   20.0 / 0.0 s / 2.17 %                      9.4 (9.4) / 0.0 s / 3.5 s / 4.02 %             11.4 s
  q5   21.3 / 0.0 s / 1.90 %                      8.3 (9.0) / 2.3 s / 4.13 s / 4.45 %            6.5 s
  q6   20.6 / 0.0 s / 2.32 %                      8.4 (8.4) / 0.0 s / 3.34 s / 4.05 %            8.4 s
  r1   19.9 / 0.0 s / 2.02 %                      4.8 (5.6) / 4.5 s / 4.99 s / 5.96 %            4.4 s
  r2   20.9 / 0.0 s / 2.42 %                      5.6 (5.6) / 0.0 s / 3.09 s / 5.50 %            10.6 s
  r3   19.0 / 0.0 s / 2.41 %                      4.8 (6.0) / 6.0 s / 6.8 s / 4.53 %             8.6 s
  r4   21.9 / 0.0 s / 2.66 %                      4.8 (5.4) / 3.4 s / 3.42 s / 4.02 %            6.5 s
  s1   20.7 / 0.0 s / 2.93 %                      7.9 (8.6) / 2.6 s / 3.62 s / 4.43 %            6.5 s
  s2   20.5 / 0.0 s / 2.69 %                      4.4 (7.1) / 11.4 s / 5.95 s / 4.40 %           8.5 s
  s3   20.6 / 0.0 s / 2.01 %                      6.7 (7.4) / 2.8 s / 4.86 s / 4.60 %            8.5 s
  s4   20.4 / 0.0 s / 2.24 %                      5.9 (7.6) / 6.5 s / 6.47 s / 3.33 %            8.7 s
  s5   21.1 / 0.0 s / 2.62 %                      18.9 (18.9) / 0.0 s / 0.8 s / 2.40 %           7.1 s
  s6   17.3 / 1.08 s / 2.63 %                     10.7 (11.1) / 1.1 s / 3.67 s / 4.38 %          11.1 s
  t1   20.0 / 0.0 s / 2.30 %                      4.2 (6.0) / 9.4 s / 7.99 s / 3.82 %            6.6 s
  t2   19.9 / 0.0 s / 2.07 %                      15.7 (15.7) / 0.0 s / 3.43 s / 3.05 %          6.8 s
  t3   20.8 / 0.25 s / 2.50 %                     8.0 (10.0) / 6.2 s / 7.73 s / 3.73 %           4.3 s
  t4   20.8 / 0.0 s / 2.46 %                      10.8 (11.8) / 2.6 s / 2.83 s / 4.24 %          8.5 s
  t5   20.4 / 0.0 s / 2.43 %                      6.8 (8.3) / 5.7 s / 3.63 s / 3.45 %            4.3 s
  t6   20.3 / 0.0 s / 2.75 %                      6.7 (7.8) / 4.4 s / 4.4 s / 4.53 %             4.3 s

At 800 kbit/s every run since k held 17.3-21.9 fps and no run showed d4's dead zone again; one gap of
1.08 s (s6). At 300 kbit/s it was still not reliable: the link's tbf let a probe 10-20 % over it pass
its 1.5 s without a queue (its 16 kB burst), the step the probe proved was taken, and a probe stacked
on it at once sent her 1.5-1.7 times her link: a queue of 0.5 s, a third lost, and every video paused
or stalled 3-9 s. Then (2026-12-07, next session, same phases, load average 4-8 from this bench
alone):

  a  the code of s and t, again
  b  a step a probe proved flows 2.5 s before the next probe, unless that probe lost not a packet
     and queued nothing (then at once, as before)
  c  b, and what her link carries counted in full: SRTP's tag and the header extension in each
     packet's cost, each voice at its measured bitrate instead of 40 kbit/s (two voices cost her
     link about 30 kbit/s more than counted)
  d  c, and a probe with room when it lost at most one packet in 200: not kept (recovery no faster)
  e  d, that loss counted from 1 s into the probe: dropped after two runs (too few packets then, so
     no probe had room: recoveries of 12.8 and 12.9 s)
  f  d, the settle 2 s and skipped when a probe lost at most 1 %: dropped after four runs (recovery
     11.8, 4.3, 11.0, 8.7 s)
  g  c again (and a log line): the code as it stands
  h  g, and her speaker paused only for a queue that grows or drops packets (a queue that does neither
     is a longer route): not kept (it moved the pauses below, it did not end them)
  i  g again, once CI had passed on it

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps (unpaused) / paused / longest gap / concealed   recovery
  a1   20.6 / 0.26 s / 2.15 %                     4.9 (7.0) / 8.9 s / 9.15 s / 5.26 %            6.5 s
  a2   20.4 / 0.0 s / 2.34 %                      6.3 (9.0) / 9.0 s / 5.84 s / 3.85 %            4.7 s
  a3   20.0 / 0.0 s / 2.35 %                      7.5 (9.4) / 6.0 s / 9.51 s / 3.43 %            8.8 s
  a4   19.4 / 0.0 s / 2.37 %                      3.4 (5.8) / 12.6 s / 9.79 s / 4.85 %           8.8 s
  b1   20.7 / 0.0 s / 1.97 %                      14.5 (16.6) / 3.9 s / 3.85 s / 4.23 %          6.4 s
  b2   20.3 / 0.0 s / 2.27 %                      12.6 (12.6) / 0.0 s / 1.6 s / 3.66 %           8.8 s
  b3   17.6 / 1.28 s / 2.34 %                     14.0 (15.4) / 2.6 s / 2.87 s / 2.96 %          8.7 s
  b4   19.8 / 0.26 s / 2.20 %                     17.6 (18.9) / 2.1 s / 2.4 s / 1.99 %           8.6 s
  b5   20.3 / 0.0 s / 2.90 %                      12.0 (12.0) / 0.0 s / 1.82 s / 3.62 %          12.9 s
  b6   21.1 / 0.0 s / 2.91 %                      5.5 (9.4) / 12.4 s / 7.89 s / 4.12 %           8.7 s
  c1   20.3 / 0.27 s / 2.21 %                     16.0 (16.0) / 0.0 s / 0.52 s / 3.08 %          6.6 s
  c2   21.1 / 0.0 s / 1.80 %                      16.1 (17.3) / 2.1 s / 2.09 s / 2.88 %          8.8 s
  c3   20.8 / 0.0 s / 2.12 %                      15.8 (15.8) / 0.0 s / 0.26 s / 1.54 %          11.5 s
  c4   19.6 / 0.0 s / 2.42 %                      8.6 (12.0) / 8.5 s / 6.66 s / 3.19 %           2.4 s
  c5   21.2 / 0.0 s / 2.12 %                      17.2 (17.2) / 0.0 s / 0.26 s / 1.32 %          9.5 s
  c6   20.7 / 0.0 s / 2.40 %                      13.0 (13.0) / 0.0 s / 1.6 s / 4.74 %           6.7 s
  d1   20.2 / 0.26 s / 3.20 %                     11.4 (13.6) / 4.8 s / 5.31 s / 2.96 %          6.8 s
  d2   18.8 / 1.05 s / 2.97 %                     11.5 (12.8) / 3.1 s / 4.11 s / 3.12 %          12.8 s
  d3   20.2 / 0.26 s / 2.06 %                     15.9 (17.0) / 2.1 s / 2.31 s / 2.22 %          8.5 s
  d4   20.0 / 0.26 s / 2.69 %                     11.0 (14.6) / 7.4 s / 6.16 s / 2.50 %          10.7 s
  d5   20.6 / 0.0 s / 1.98 %                      15.2 (16.4) / 2.1 s / 2.35 s / 1.87 %          10.7 s
  d6   20.2 / 0.27 s / 2.56 %                     15.1 (15.1) / 0.0 s / 0.25 s / 2.50 %          2.3 s
  e1   20.9 / 0.27 s / 2.09 %                     6.7 (11.9) / 13.1 s / 6.62 s / 2.36 %          12.9 s
  e2   20.4 / 0.0 s / 2.08 %                      15.5 (17.1) / 2.9 s / 3.13 s / 3.11 %          12.8 s
  f1   20.8 / 0.26 s / 2.65 %                     14.5 (14.5) / 0.0 s / 0.54 s / 3.35 %          11.8 s
  f2   20.6 / 0.0 s / 2.11 %                      6.3 (12.6) / 15.1 s / 7.32 s / 1.87 %          4.3 s
  f3   18.1 / 0.52 s / 2.43 %                     7.9 (10.6) / 7.6 s / 5.26 s / 4.61 %           11.0 s
  f4   18.8 / 0.59 s / 2.47 %                     13.5 (13.6) / 0.3 s / 1.33 s / 4.18 %          8.7 s
  g1   21.2 / 0.0 s / 2.49 %                      14.5 (16.7) / 3.9 s / 4.14 s / 2.28 %          8.8 s
  g2   18.5 / 1.88 s / 2.58 %                     13.9 (16.7) / 5.2 s / 5.42 s / 2.32 %          6.6 s
  g3   19.8 / 0.26 s / 3.14 %                     14.3 (15.2) / 1.8 s / 2.09 s / 2.29 %          4.4 s
  g4   19.0 / 0.29 s / 1.66 %                     6.1 (12.1) / 14.9 s / 7.65 s / 2.65 %          6.8 s
  g5   21.5 / 0.0 s / 2.58 %                      15.2 (15.2) / 0.0 s / 2.64 s / 3.98 %          8.6 s
  g6   17.9 / 1.08 s / 2.07 %                     16.2 (16.2) / 0.0 s / 0.51 s / 2.70 %          6.6 s
  h1   20.2 / 0.0 s / 2.82 %                      16.7 (16.7) / 0.0 s / 0.0 s / 1.97 %           8.6 s
  h2   20.7 / 0.26 s / 1.93 %                     15.1 (15.1) / 0.0 s / 0.26 s / 1.75 %          11.2 s
  h3   21.3 / 0.26 s / 2.46 %                     17.2 (17.2) / 0.0 s / 0.26 s / 1.69 %          2.6 s
  h4   18.2 / 1.9 s / 2.29 %                      15.2 (16.4) / 2.3 s / 2.59 s / 2.64 %          4.3 s
  h5   16.7 / 3.91 s / 2.66 %                     8.6 (12.1) / 8.9 s / 8.86 s / 3.29 %           8.7 s
  h6   17.9 / 3.97 s / 2.50 %                     15.6 (16.6) / 1.8 s / 2.11 s / 1.96 %          6.6 s
  i1   17.5 / 3.9 s / 2.70 %                      14.9 (17.5) / 4.4 s / 3.39 s / 2.17 %          4.3 s
  i2   20.3 / 0.26 s / 2.42 %                     12.2 (13.7) / 3.4 s / 2.07 s / 3.59 %          8.6 s
  i3   19.6 / 0.0 s / 2.04 %                      11.5 (14.4) / 6.0 s / 6.78 s / 3.09 %          10.8 s
  i4   20.7 / 0.0 s / 2.23 %                      15.4 (15.4) / 0.0 s / 0.28 s / 2.25 %          4.5 s
  i5   20.0 / 0.27 s / 2.34 %                     9.4 (15.9) / 12.2 s / 9.09 s / 1.81 %          6.6 s
  i6   21.0 / 0.0 s / 2.18 %                      9.5 (13.1) / 8.2 s / 4.65 s / 3.66 %           6.5 s

With the settle (b-i, 42 runs), no run missed at 300 kbit/s: her speaker's video ran at 5.5-17.6 fps
(median 14.4) over the phase, 9.4-18.9 fps while not paused, against 3.4-7.5 (5.8-9.4) in a; its
longest gap there was 0-9.1 s (median 2.5) against 5.8-9.8 s in a. Audio concealment stayed under
5 % at both rates in every run (a1: 5.26 %). Recovery pays for it: a step proved by a probe that lost
a packet flows 2.5 s before the next probe, and the first probes after the link came back still
reported the losses of the 300 kbit/s phase, so full quality came back after more than 10 s in 11 of
the 42 runs (10.7-12.9 s; 1 of the 12 of g and i, the code as it stands), against 1 of the 16 runs of
s, t and a. At 800 kbit/s, 8 of the 42 runs had a gap over 1 s (1.05-3.97 s; 3 of the 12 of g and i),
against 1 of 16 before: when the 150 ms delay starts, Chromium's estimate falls to 60-190 kbit/s and
her round trips read as a 150 ms queue for the 3 s their minimum takes to forget the shorter route; a
cut then brings what is proven down to her voices and her speaker's lowest level, and her speaker's
video is paused 8-11 s, by her estimate, by a key frame of the copy that lifts its meter past that,
or by a second cut for that "queue". Counting her voices at their measured cost (c) raised that floor
by about 30 kbit/s, which most likely made this more frequent (8 of 42 against 1 of 16 is not
conclusive).

Then (2026-12-07, a later session, same phases, load average 2-6 from this bench alone):

  j  i, and her speaker's lowest level paused only once her link fails to carry it: a cut made while
     only that flows, for a queue that grows (its last two round trips 50 ms above every earlier one)
     or drops packets, or for 30 % lost; never for her estimate or a meter's spike alone
  k  j again
  l  k, and a probe with room to spare despite its slowest round trip (one slow report is as often a
     busy machine) or a loss on a report in its first half second (which counts packets sent before it)
  m  l, and after a restart her page told what her new connection carries (l5: her page restarted at
     the end of the 300 kbit/s phase, and the other video, back at once, stayed marked paused for 60 s)
  n  m again: the code as it stands

  run  800 kbit/s: fps / longest gap / concealed   300 kbit/s: fps (unpaused) / paused / longest gap / concealed   recovery
  j1   20.6 / 0.0 s / 2.77 %                      13.0 (14.3) / 2.8 s / 3.08 s / 1.74 %          4.9 s
  j2   21.1 / 0.0 s / 2.63 %                      16.2 (16.2) / 0.0 s / 0.84 s / 2.20 %          9.6 s
  j3   19.4 / 0.26 s / 2.43 %                     13.2 (13.2) / 0.0 s / 2.39 s / 1.51 %          7.2 s
  j4   20.6 / 0.0 s / 2.31 %                      16.6 (16.6) / 0.0 s / 0.0 s / 1.88 %           7.2 s
  j5   20.1 / 0.26 s / 2.31 %                     11.2 (11.9) / 1.8 s / 2.1 s / 2.74 %           13.7 s
  j6   20.3 / 0.0 s / 2.26 %                      14.4 (14.4) / 0.0 s / 0.52 s / 1.86 %          9.8 s
  k1   18.4 / 0.0 s / 4.48 %                      14.8 (16.8) / 3.7 s / 3.96 s / 1.76 %          11.2 s
  k2   20.6 / 0.0 s / 2.13 %                      14.3 (15.0) / 1.6 s / 1.85 s / 1.99 %          3.0 s
  k3   20.8 / 0.0 s / 2.56 %                      17.3 (17.3) / 0.0 s / 0.52 s / 2.28 %          9.7 s
  k4   20.3 / 0.0 s / 2.54 %                      13.3 (13.3) / 0.0 s / 0.78 s / 3.57 %          13.7 s
  k5   20.5 / 0.0 s / 2.11 %                      13.5 (13.5) / 0.0 s / 2.72 s / 3.34 %          11.0 s
  k6   20.2 / 0.0 s / 2.65 %                      9.7 (11.3) / 4.4 s / 4.67 s / 3.55 %           4.8 s
  l1   21.1 / 0.28 s / 2.68 %                     12.8 (12.8) / 0.0 s / 3.28 s / 2.66 %          5.3 s
  l2   20.6 / 0.0 s / 2.75 %                      19.2 (19.2) / 0.0 s / 0.0 s / 2.06 %           4.9 s
  l3   23.1 / 0.0 s / 2.49 %                      15.9 (15.9) / 0.0 s / 0.26 s / 1.63 %          4.9 s
  l4   20.7 / 0.0 s / 1.99 %                      15.9 (15.9) / 0.0 s / 0.26 s / 2.24 %          6.9 s
  l5   20.8 / 0.0 s / 2.05 %                      12.0 (12.3) / 0.8 s / 1.36 s / -               over 60 s
  l6   19.6 / 0.0 s / 2.41 %                      13.5 (13.5) / 0.0 s / 3.43 s / 2.97 %          8.8 s
  m1   20.0 / 0.0 s / 2.10 %                      14.6 (14.6) / 0.0 s / 1.03 s / 3.62 %          10.7 s
  m2   20.1 / 0.0 s / 2.52 %                      18.0 (18.0) / 0.0 s / 0.0 s / 1.85 %           6.6 s
  m3   19.1 / 0.0 s / 3.05 %                      9.0 (10.8) / 5.0 s / 5.28 s / 2.99 %           8.8 s
  m4   20.5 / 0.27 s / 2.48 %                     14.6 (14.6) / 0.0 s / 1.33 s / 4.29 %          8.7 s
  m5   21.6 / 0.0 s / 2.96 %                      17.8 (17.8) / 0.0 s / 0.26 s / 1.97 %          4.4 s
  m6   20.0 / 0.26 s / 2.84 %                     15.3 (15.3) / 0.0 s / 1.05 s / 3.25 %          6.6 s
  n1   19.9 / 0.0 s / 2.41 %                      13.4 (15.0) / 3.2 s / 3.19 s / 2.55 %          9.0 s
  n2   19.8 / 0.0 s / 3.02 %                      16.7 (16.7) / 0.0 s / 0.26 s / 3.12 %          4.6 s
  n3   20.6 / 0.0 s / 2.74 %                      15.4 (15.4) / 0.0 s / 3.7 s / 2.77 %           6.8 s
  n4   20.6 / 0.0 s / 2.00 %                      9.2 (11.8) / 6.6 s / 3.46 s / 2.04 %           6.5 s
  n5   19.1 / 0.26 s / 2.41 %                     15.4 (15.4) / 0.0 s / 1.28 s / 2.01 %          6.6 s
  n6   20.2 / 0.26 s / 2.72 %                     12.8 (14.3) / 3.2 s / 3.43 s / 4.46 %          11.0 s

No run of j-n (30) had a gap over 1 s at 800 kbit/s (longest 0.28 s, 18.4-23.1 fps), against 8 of
the 42 of b-i: in the node's logs of all 30, her speaker's video was never paused for her in that
phase (its settling included), while her estimate fell to 58-124 kbit/s (its lowest, run by run). None missed at 300 kbit/s (10.8-19.2 fps while
not paused). Recovery was over 10 s in 4 of the 12 runs of j and k (median 9.7 s): each probe after
her link came back that lost a packet on a report early in it, or had one slow round trip, waited
the settle. With l's rule, 2 of the 12 runs of m and n (10.7 and 11.0 s; median 6.7 s), and l5.

The other participante kept 23.9-24.0 fps in every run (22.5-24.0 in j-n); « Connexion faible » showed at every moment
the intervenante's video was paused. Chromium's freezeCount counts every frame late by more than
150 ms: at 3 % loss and 150 ms RTT a retransmission is that late (4-24 a minute). The intervenante's
copy costs her browser 27-33 % of her two encoders' time (Chromium's totalEncodeTime; not measured
on a phone).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATS = """
async (speaker) => Promise.race([new Promise((resolve) => setTimeout(() => resolve(null), 3000)), (async () => {
  const tile = document.querySelector(`.tile[data-member="${speaker}"][data-source="camera"] video`);
  const track = tile && tile.srcObject ? tile.srcObject.getVideoTracks()[0] : null;
  const out = { video: null, audio: [], weak: !document.querySelector('#link-weak').hidden,
                quality: window.__entraideQuality || null };
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type !== "inbound-rtp") return;
      if (r.kind === "video" && track && r.trackIdentifier === track.id) {
        out.video = { frames: r.framesDecoded || 0, freezes: r.freezeCount || 0, height: r.frameHeight || 0 };
      } else if (r.kind === "audio" && r.totalSamplesReceived > 0) {
        out.audio.push({ ssrc: r.ssrc, total: r.totalSamplesReceived,
                         concealed: (r.concealedSamples || 0) - (r.silentConcealedSamples || 0) });
      }
    });
  }
  return out;
})()])
"""


ENCODED = """
async () => {
  // The intervenante's outgoing videos: her camera (the taller) and its quarter-size copy.
  const found = [];
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "outbound-rtp" && r.kind === "video" && r.framesEncoded > 0) {
        found.push({ encode: r.totalEncodeTime || 0, height: r.frameHeight || 0, at: r.timestamp });
      }
    });
  }
  found.sort((a, b) => b.height - a.height);
  return { camera: found[0] || null, copy: found[1] || null };
}
"""


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


EMPTY: dict[str, Any] = {"video": None, "audio": [], "weak": False, "quality": None}


def sample(page: Any, speaker: str) -> dict[str, Any]:
    """Her page's stats now; EMPTY when getStats() did not answer within 3 s (a starved renderer)."""
    return page.evaluate(STATS, speaker) or EMPTY


def watch(page: Any, speaker: str, seconds: float) -> dict[str, Any]:
    """Samples every 0.25 s: fps, freezes per minute, longest gap, audio concealment, weak shown."""
    start = sample(page, speaker)
    t0 = time.monotonic()
    last_frames, last_change = (start["video"] or {}).get("frames", 0), t0
    last_freezes = (start["video"] or {}).get("freezes", 0)
    frames_total = freezes_total = 0
    longest = 0.0
    weak_seen = False
    paused_s = 0.0
    paused_unsaid = 0  # samples where her speaker's video was paused and « Connexion faible » not shown
    end = start
    sampled = t0
    while time.monotonic() - t0 < seconds:
        time.sleep(0.25)
        end = sample(page, speaker)
        now, since = time.monotonic(), time.monotonic() - sampled
        sampled = now
        weak_seen = weak_seen or end["weak"]
        if end["video"] is None:  # paused: no track on her tile, nothing decoded
            longest = max(longest, now - last_change)
            paused_s += since
            paused_unsaid += not end["weak"]
            continue
        frames, freezes = end["video"]["frames"], end["video"]["freezes"]
        # A slot re-pointed at her (another receiving stream) has counters of its own: they may
        # start over, or carry what that stream decoded before. Only a step forward counts.
        if frames < last_frames or frames - last_frames > 60 * since + 5:  # more than any camera sends
            last_frames, last_freezes = frames, freezes
        frames_total += frames - last_frames
        freezes_total += max(freezes - last_freezes, 0)
        last_freezes = freezes
        if frames != last_frames:
            last_frames, last_change = frames, now
        longest = max(longest, now - last_change)
    elapsed = time.monotonic() - t0
    a0 = {a["ssrc"]: a for a in start["audio"]}
    total = concealed = 0
    for a in end["audio"]:
        before = a0.get(a["ssrc"], {"total": 0, "concealed": 0})
        total += a["total"] - before["total"]
        concealed += a["concealed"] - before["concealed"]
    flowing = elapsed - paused_s
    return {
        "speaker_fps": round(frames_total / elapsed, 1),
        # While her speaker's video was not paused: what « ≥ 7 fps or paused » is judged on.
        "speaker_fps_unpaused": round(frames_total / flowing, 1) if flowing > 1 else None,
        "paused_s": round(paused_s, 1),
        "paused_without_weak_shown": paused_unsaid,
        "freezes_per_min": round(freezes_total * 60 / elapsed, 1),
        "longest_gap_s": round(longest, 2),
        "audio_concealed_pct": round(100 * concealed / total, 2) if total else None,
        "weak_shown": weak_seen,
        "paused": (end["quality"] or {}).get("paused", []),
        "reduced": (end["quality"] or {}).get("reduced", []),  # on lower temporal layers
    }


def measure(server: Any, tmp: Path, phase: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from live.platform_kit import (
        CHROMIUM,
        CHROMIUM_ARGS,
        DEMO_PASSWORD,
        RECORD_PEER_CONNECTIONS,
        login_as,
        make_workshop,
    )
    from live.shaped_link import ShapedLink

    web_port = int(server.url.rsplit(":", 1)[1])
    link = ShapedLink(tmp, web_port)
    say("shaped link up")
    try:
        data = make_workshop(server.env, capacity=2, participants=2)
        url = f"/ateliers/{data['workshop']}/rejoindre"
        speaker = str(data["people"]["host"]["id"]) if "id" in data["people"]["host"] else None
        with sync_playwright() as playwright:
            plain = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shaped = playwright.chromium.launch(executable_path=str(link.wrapper), args=CHROMIUM_ARGS)
            pages = {}
            for key, browser in (("host", plain), ("p2", plain), ("p1", shaped)):
                context = browser.new_context(
                    base_url=server.url,
                    locale="fr-FR",
                    permissions=["camera", "microphone"],
                    viewport={"width": 1280, "height": 800},
                )
                context.set_default_timeout(60_000)
                context.add_init_script(RECORD_PEER_CONNECTIONS)
                pages[key] = context.new_page()
                login_as(pages[key], data["people"][key]["email"], DEMO_PASSWORD)
            enter(pages["host"], url)
            pages["host"].get_by_role("button", name="Ouvrir l'atelier").click()
            enter(pages["p2"], url)
            enter(pages["p1"], url)
            if speaker is None:
                speaker = pages["p1"].evaluate(
                    "document.querySelector('#stage .tile[data-source=\"camera\"]')?.dataset.member || null"
                )
                deadline = time.monotonic() + 60
                while speaker is None and time.monotonic() < deadline:
                    time.sleep(0.5)
                    speaker = pages["p1"].evaluate(
                        "document.querySelector('#stage .tile[data-source=\"camera\"]')?.dataset.member || null"
                    )
            assert speaker, "the intervenante's tile never showed on the shaped page"
            say(f"in the room; the intervenante is member {speaker}")
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not (sample(pages["p1"], speaker)["video"] or {}).get(
                "frames"
            ):
                time.sleep(0.5)  # her first picture of the intervenante (a loaded machine takes its time)
            encoded = pages["host"].evaluate(ENCODED)
            warm = watch(pages["p1"], speaker, phase / 2)
            publisher = encode_cost(encoded, pages["host"].evaluate(ENCODED))
            say(f"the intervenante's encoders: {publisher}")
            say(f"warm: {warm}")
            full_height = (sample(pages["p1"], speaker)["video"] or {}).get("height", 0)
            link.set_rate("800kbit")
            link.impair(0.03, 0.15)
            say("800k, 3 % loss, 150 ms")
            others_start = sample(pages["p2"], speaker)
            say("others sampled")
            t_others = time.monotonic()
            watch(pages["p1"], speaker, phase / 3)  # settling
            counted = node_counters(server)
            at_800 = watch(pages["p1"], speaker, phase)
            at_800["node"] = since(counted, counted := node_counters(server))
            say(f"800k: {at_800}")
            link.set_rate("300kbit")
            watch(pages["p1"], speaker, phase / 3)
            counted = node_counters(server)
            at_300 = watch(pages["p1"], speaker, phase)
            at_300["node"] = since(counted, node_counters(server))
            say(f"300k: {at_300}")
            others_end = sample(pages["p2"], speaker)
            if others_start["video"] and others_end["video"]:
                others_fps: float | None = round(
                    (others_end["video"]["frames"] - others_start["video"]["frames"])
                    / (time.monotonic() - t_others),
                    1,
                )
            else:
                others_fps = None  # her page's getStats() did not answer in time
            link.set_rate("10mbit")
            link.impair(0.0, 0.0)
            back = time.monotonic()
            recovery = None
            last: dict[str, Any] = {}
            while time.monotonic() - back < 60:
                before, t_before = sample(pages["p2"], speaker)["video"], time.monotonic()
                probe = watch(pages["p1"], speaker, 2.0)
                after = sample(pages["p2"], speaker)["video"]
                height = (sample(pages["p1"], speaker)["video"] or {}).get("height", 0)
                # "Full quality": what the unshaped participante gets of the intervenante meanwhile (the
                # publisher's encoder lowers its resolution and rate on a loaded machine), else what
                # she had herself before her link was shaped.
                if before and after and after["frames"] > before["frames"]:
                    full_fps = (after["frames"] - before["frames"]) / (time.monotonic() - t_before)
                    full = (min(25.0, 0.8 * full_fps), after["height"])
                else:
                    full = (min(25.0, 0.8 * warm["speaker_fps"]), full_height)
                last = {**probe, "height": height, "full": full}
                if probe["speaker_fps"] >= full[0] and height >= full[1] and not probe["paused"]:
                    recovery = round(time.monotonic() - back - 2.0, 1)
                    break
            if recovery is None:
                say(f"not back to full quality within 60 s; last 2 s: {last}")
            plain.close()
            shaped.close()
    finally:
        link.close()
    return {
        "warm": warm,
        "shaped_800k": at_800,
        "shaped_300k": at_300,
        "recovery_s": recovery,
        "others_fps": others_fps,
        "publisher": publisher,
    }


NODE_COUNTERS = {
    "entraide_media_nacks_total": "nacks",
    "entraide_media_retransmissions_total": "retransmissions",
    "entraide_media_retransmissions_skipped_total": "retransmissions_skipped",
    "entraide_media_keyframe_requests_total": "keyframe_requests",
}


def node_counters(server: Any) -> dict[str, float]:
    """The media node's counters (all receivers: the two others' links lose nothing, so her NACKs)."""
    import urllib.request

    url = server.media_url.replace("ws://", "http://") + "/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in NODE_COUNTERS:
            out[NODE_COUNTERS[name]] = float(value)
    return out


def since(before: dict[str, float], after: dict[str, float]) -> dict[str, int]:
    return {key: int(after[key] - before.get(key, 0)) for key in after}


def encode_cost(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Milliseconds of encoding per second of the intervenante's camera and of its copy (Chromium's
    totalEncodeTime, on this machine's CPU), and the copy's share of the two: what the copy adds to
    a publisher's work."""
    costs: dict[str, Any] = {}
    for key in ("camera", "copy"):
        a, b = before.get(key), after.get(key)
        if a and b and b["at"] > a["at"]:
            costs[f"{key}_encode_ms_per_s"] = round(
                (b["encode"] - a["encode"]) * 1000 / ((b["at"] - a["at"]) / 1000), 1
            )
            costs[f"{key}_height"] = b["height"]
    if "camera_encode_ms_per_s" in costs and "copy_encode_ms_per_s" in costs:
        total = costs["camera_encode_ms_per_s"] + costs["copy_encode_ms_per_s"]
        costs["copy_share"] = round(costs["copy_encode_ms_per_s"] / total, 2) if total else None
    return costs


def enter(page: Any, url: str) -> None:
    page.goto(url)
    engagement = page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.")
    if not engagement.is_checked():
        engagement.check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", type=float, default=30.0, help="seconds measured per shaped phase")
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="keep the site's and the node's log there, the node's at DEBUG (its choices)",
    )
    args = parser.parse_args()
    if os.geteuid() != 0 or Path("/proc/net/dev").read_text().count(":") != 1:
        print("weak_link.py: run as root inside `unshare --net` with only lo up", file=sys.stderr)
        return 2
    from live.platform_kit import running_platform

    # A `timeout` or a Ctrl-C still stops the site, the namespace and the relay (the finally clauses).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tmp = Path(tempfile.mkdtemp(prefix="weak-link-"))
    try:
        level = "DEBUG" if args.log else "INFO"  # DEBUG: each receiver's levels, estimate and probes
        with running_platform(
            tmp, demo=False, ENTRAIDE_MEDIA_LOOPBACK_ICE="1", ENTRAIDE_MEDIA_LOG_LEVEL=level
        ) as server:
            try:
                result = measure(server, tmp, args.phase)
            finally:
                if args.log:
                    shutil.copy(tmp / "server.log", args.log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"$ {Path(sys.executable).name} bench/weak_link.py {' '.join(sys.argv[1:])}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

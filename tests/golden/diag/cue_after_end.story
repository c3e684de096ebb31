music m { prompt: "x" length: 30s }
episode 1 {
  scene t {
    cue m at 10s
    shot wide 2s { prompt: "a cue after the end of the scene" }
  }
}

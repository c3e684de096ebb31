// Three independent syntax errors: each is reported, the run goes on.
character li { look: "fisherman" voice "calm" }
place shore { look: "sand" : }
episode 1 {
  scene s {
    shot wide 4s { prompt: "a" li: }
    shot wide 4s { prompt: "b" }
  }
}
style x { prompt: }

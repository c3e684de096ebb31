import "std/styles/guofeng"
character li "Li" { look: "fisherman" }
place shore "Shore" { look: "sand" }
music theme { prompt: "drums" length: 30s }
episode 1 {
  style: guofeng.ink_wahs
  scene s at shroe {
    style: guofng.ink_wash
    cue them at 0s
    shot wid 4s {
      prompt: "{lii} waits"
      camera: pan_lefft
      li "hello"
      shore "I am a place"
    }
  }
}

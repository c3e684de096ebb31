character li { look: "fisherman" }
episode 1 {
  scene s {
    shot wide 4s {
      prompt "li on the shore"
    }
  }
}

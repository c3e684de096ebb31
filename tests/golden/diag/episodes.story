episode 0 { scene s { shot { prompt: "x" } } }
episode 2 { }
episode 3 {
  scene s { }
  scene t { shot { prompt: "x" } }
  scene t { shot { prompt: "y" } }
}
episode 3 { scene u { shot { prompt: "z" } } }

import "nowhere/c"
style sb { prompt: "b" }

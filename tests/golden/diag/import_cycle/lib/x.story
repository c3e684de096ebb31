import "y"
style sx { prompt: "x" }

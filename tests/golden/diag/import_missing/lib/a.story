import "b"
style sa { prompt: "a" }

style a extends c { prompt: "a" }
style b extends a { prompt: "b" }
style c extends b { prompt: "c" }
character li extends shore { look: "x" }
place shore { look: "y" }
style d extends nothing { prompt: "d" }

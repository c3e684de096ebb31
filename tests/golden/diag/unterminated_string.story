character li {
  look: "a fisherman
}

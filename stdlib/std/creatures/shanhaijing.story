// std/creatures/shanhaijing.story - creatures of the Classic of Mountains and
// Seas (山海经). import "std/creatures/shanhaijing" as shj

creature gong_gong "Gong Gong" {
  look: "Gong Gong, god of water, human face with red hair, body of a great serpent,
         surrounded by churning flood waters"
}

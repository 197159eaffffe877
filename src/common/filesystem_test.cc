// The disk FileSystem: a bare file name is the current folder, and every failure names the
// operation, the path as given, and a hint.
#include "common/filesystem.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "testing/fixtures.h"

namespace bg {
namespace {

namespace fs = std::filesystem;

// Runs the body with `dir` as the current folder, and restores the previous one.
class InFolder {
 public:
  explicit InFolder(const std::string& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~InFolder() { fs::current_path(old_); }

 private:
  fs::path old_;
};

TEST(DiskFileSystem, ABareFileNameIsWrittenInTheCurrentFolderAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  InFolder here(dir.path());
  DiskFileSystem disk;
  ASSERT_TRUE(disk.write_file("platform.yaml", "a: 1\n")) << "bare name";
  EXPECT_EQ(testing::read_file(dir / "platform.yaml"), "a: 1\n");
  ASSERT_TRUE(disk.write_file("platform.yaml", "a: 2\n")) << "replacing it";
  EXPECT_EQ(testing::read_file(dir / "platform.yaml"), "a: 2\n");
  EXPECT_EQ(testing::read_tree(dir.path()).size(), 1u);
}

TEST(DiskFileSystem, ABareFolderNameIsRenderedInTheCurrentFolder) {
  testing::TempDir dir;
  InFolder here(dir.path());
  DiskFileSystem disk;
  const std::string marker = "# written by betelgeuse\n";
  ASSERT_TRUE(disk.write_tree("out", {{"kustomization.yaml", marker}, {"a/b.yaml", "x\n"}}, marker));
  EXPECT_EQ(testing::read_file(dir / "out/a/b.yaml"), "x\n");
  ASSERT_TRUE(disk.write_tree("out", {{"kustomization.yaml", marker}}, marker)) << "replacing its own tree";
  EXPECT_EQ(testing::read_tree(dir.path()), (std::map<std::string, std::string>{
                                                {"out/.betelgeuse-files", "# The files betelgeuse wrote in this folder; it keeps "
                                                                          "any other file here when it writes again.\nkustomization.yaml\n"},
                                                {"out/kustomization.yaml", marker}}));
}

// A file the user added to a tree Betelgeuse wrote is theirs: kept when the tree is written again
// (what Betelgeuse wrote there and writes no more is deleted), and never replaced.
TEST(DiskFileSystem, RewritingATreeKeepsTheFilesItDidNotWrite) {
  testing::TempDir dir;
  DiskFileSystem disk;
  const std::string marker = "# written by betelgeuse\n";
  std::string out = dir / "out";
  ASSERT_TRUE(disk.write_tree(out, {{"kustomization.yaml", marker}, {"a/old.yaml", "old\n"}}, marker));
  std::ofstream(dir / "out/NOTES.md") << "mine";
  fs::create_directories(dir / "out/.git/refs");
  std::ofstream(dir / "out/.git/refs/main") << "abc";
  std::ofstream(dir / "out/a/extra.txt") << "mine too";
  fs::create_symlink("NOTES.md", dir / "out/link");
  ASSERT_TRUE(disk.write_tree(out, {{"kustomization.yaml", marker}, {"b/new.yaml", "new\n"}}, marker));
  std::map<std::string, std::string> tree = testing::read_tree(out);
  tree.erase(".betelgeuse-files");
  EXPECT_EQ(tree, (std::map<std::string, std::string>{{"kustomization.yaml", marker},
                                                      {"b/new.yaml", "new\n"},
                                                      {"NOTES.md", "mine"},
                                                      {".git/refs/main", "abc"},
                                                      {"a/extra.txt", "mine too"}}));
  EXPECT_TRUE(fs::is_symlink(dir / "out/link"));  // a link stays a link (read_tree lists no links)
  EXPECT_EQ(fs::read_symlink(dir / "out/link"), "NOTES.md");

  // A file of the user's where the tree now has one of its own: refused, and nothing changes.
  std::ofstream(dir / "out/c.yaml") << "mine";
  Status s = disk.write_tree(out, {{"kustomization.yaml", marker}, {"c.yaml", "ours\n"}}, marker);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "cannot write " + out + "/c.yaml: betelgeuse did not write the file there, and would now replace it");
  EXPECT_EQ(s.hint(), "move the file out of " + out + " (or delete it) and run the command again");
  EXPECT_EQ(testing::read_file(dir / "out/c.yaml"), "mine");
  EXPECT_EQ(testing::read_file(dir / "out/b/new.yaml"), "new\n");
}

TEST(DiskFileSystem, WritingOverAFolderNamesItAndSuggestsAFileName) {
  testing::TempDir dir;
  fs::create_directory(dir / "d1");
  DiskFileSystem disk;
  Status s = disk.write_file(dir / "d1/", "x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "cannot write " + (dir / "d1/") + ": it is a folder");
  EXPECT_EQ(s.hint(), "pass a file name, for example -o " + (dir / "d1/platform.yaml"));
  s = disk.write_file(dir / "d1", "x");
  EXPECT_EQ(s.message(), "cannot write " + (dir / "d1") + ": it is a folder");
}

TEST(DiskFileSystem, AFolderThatCannotBeMadeIsNamedWithItsCause) {
  testing::TempDir dir;
  std::ofstream(dir / "file") << "not a folder";
  DiskFileSystem disk;
  Status s = disk.write_file(dir / "file/platform.yaml", "x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "cannot create the folder " + (dir / "file") + ": Not a directory");
  EXPECT_EQ(s.hint(), "choose another path with -o");
  s = disk.write_tree(dir / "file/out", {{"k.yaml", "x"}}, "#\n");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "cannot write " + (dir / "file/out") + ": Not a directory");
}

TEST(DiskFileSystem, ReadingNamesThePathAndTheCause) {
  testing::TempDir dir;
  DiskFileSystem disk;
  Result<std::string> r = disk.read(dir / "missing.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().message(), "cannot read " + (dir / "missing.yaml") + ": No such file or directory");
  EXPECT_EQ(r.status().hint(), "check the path (relative paths start from the current folder)");
  r = disk.read(dir.path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().message(), "cannot read " + dir.path() + ": it is a folder");
}

TEST(WriteFileAtomically, AnExactModeIgnoresTheUmask) {
  testing::TempDir dir;
  mode_t old = ::umask(0);
  Status s = write_file_atomically(dir / "state.json", "{}", 0600, true);
  ::umask(old);
  ASSERT_TRUE(s) << s.message();
  struct stat st {};
  ASSERT_EQ(::stat((dir / "state.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace bg

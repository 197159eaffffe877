# embed_files(OUT SYMBOL FILES...): writes OUT, a C++ file defining
#   const bg::EmbeddedFile SYMBOL[]; const std::size_t SYMBOL_count;
# with each file's base name and bytes, so data ships inside the binary (no files at run time).
# A tiny host tool (tools/embedgen.cc) does the writing: CMake's own string functions are far too slow
# for the multi-megabyte schema bundle.
add_executable(embedgen ${CMAKE_SOURCE_DIR}/tools/embedgen.cc)
function(embed_files out symbol)
  add_custom_command(
    OUTPUT ${out}
    COMMAND embedgen ${out} ${symbol} ${ARGN}
    DEPENDS embedgen ${ARGN}
    COMMENT "Embedding ${symbol}")
endfunction()

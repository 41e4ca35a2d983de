# Install rules: the library, its headers, a CMake package (find_package(arenajson)) and a
# pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS arenajson EXPORT arenajsonTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(dir IN LISTS ARENAJSON_INCLUDE_DIRS)
  install(DIRECTORY ${dir}/arenajson DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()

set(ARENAJSON_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/arenajson)
install(EXPORT arenajsonTargets NAMESPACE arenajson:: DESTINATION ${ARENAJSON_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/arenajsonConfig.cmake.in
  ${PROJECT_BINARY_DIR}/arenajsonConfig.cmake INSTALL_DESTINATION ${ARENAJSON_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/arenajsonConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/arenajsonConfig.cmake
              ${PROJECT_BINARY_DIR}/arenajsonConfigVersion.cmake
        DESTINATION ${ARENAJSON_CMAKE_DIR})

# The .pc file finds its prefix from its own location, so an installed tree can be moved.
file(RELATIVE_PATH ARENAJSON_PC_TO_PREFIX
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" ARENAJSON_PC_TO_PREFIX "${ARENAJSON_PC_TO_PREFIX}")
# A static library built with the Highway kernel needs libhwy too.
set(ARENAJSON_PC_HWY_REQUIRES "")
set(ARENAJSON_PC_HWY_LIBS "")
if(ARENAJSON_HWY_TARGET)
  set(ARENAJSON_PC_HWY_REQUIRES " libhwy")
  set(ARENAJSON_PC_HWY_LIBS " -lhwy")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/arenajson.pc.in ${PROJECT_BINARY_DIR}/arenajson.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/arenajson.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

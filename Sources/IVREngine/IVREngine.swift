/// The IVREngine module. (Its owner fills it in.)
public enum IVREngineModule {}

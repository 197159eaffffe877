// A Bolt client for the Neo4j contract test (testing/neo4j_contract_test.cc), run as a single source
// file on the classpath of the server's own jars, which include Neo4j's Java driver:
//   java -cp 'LIB/*' Neo4jLogin.java bolt://HOST:PORT USER PASSWORD
// It logs in and runs one query. Prints "ok <answer>" and exits 0; on a refused login prints
// "refused: <message>" and exits 3; any other failure exits 1.
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;

public class Neo4jLogin {
  public static void main(String[] args) {
    try (var driver = GraphDatabase.driver(args[0], AuthTokens.basic(args[1], args[2]));
         var session = driver.session()) {
      long answer = session.run("RETURN 6 * 7 AS answer").single().get("answer").asLong();
      System.out.println("ok " + answer);
    } catch (AuthenticationException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(3);
    } catch (Exception e) {
      System.out.println("failed: " + e);
      System.exit(1);
    }
  }
}
